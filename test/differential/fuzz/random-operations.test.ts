import { abstractTypesPerSubgraphFederation } from '../../fixtures/federation/abstract-types-per-subgraph/federation.js';
import { catalogFederation } from '../../fixtures/federation/catalog/federation.js';
import { compoundKeysFederation } from '../../fixtures/federation/compound-keys/federation.js';
import { conflictingSiblingTypesFederation } from '../../fixtures/federation/conflicting-sibling-types/federation.js';
import { contextArgumentsFederation } from '../../fixtures/federation/context-arguments/federation.js';
import { federationOneFederation } from '../../fixtures/federation/federation-one/federation.js';
import { inaccessibleAndEnumsFederation } from '../../fixtures/federation/inaccessible-and-enums/federation.js';
import { interfaceAcrossSubgraphsFederation } from '../../fixtures/federation/interface-across-subgraphs/federation.js';
import { interfaceObjectFederation } from '../../fixtures/federation/interface-object/federation.js';
import { keylessBehindExternalKeyFederation } from '../../fixtures/federation/keyless-behind-external-key/federation.js';
import { keylessThroughEntityFederation } from '../../fixtures/federation/keyless-through-entity/federation.js';
import { listValuedKeysFederation } from '../../fixtures/federation/list-valued-keys/federation.js';
import { nestedListsAndEnumKeysFederation } from '../../fixtures/federation/nested-lists-and-enum-keys/federation.js';
import { nullKeysAndPartialUnionsFederation } from '../../fixtures/federation/null-keys-and-partial-unions/federation.js';
import { requiresArgumentConflictsFederation } from '../../fixtures/federation/requires-argument-conflicts/federation.js';
import { requiresOnInterfacesFederation } from '../../fixtures/federation/requires-on-interfaces/federation.js';
import { requiresProvidesFederation } from '../../fixtures/federation/requires-provides/federation.js';
import { shareableOverrideFederation } from '../../fixtures/federation/shareable-override/federation.js';
import { sharedRootKeylessFederation } from '../../fixtures/federation/shared-root-keyless/federation.js';
import { twoHopKeysFederation } from '../../fixtures/federation/two-hop-keys/federation.js';
import { unionAcrossSubgraphsFederation } from '../../fixtures/federation/union-across-subgraphs/federation.js';
import { describeFuzz, fuzzCount, fuzzSeed, type OracleFault } from './describe-fuzz.js';

const federations = [
  twoHopKeysFederation,
  interfaceAcrossSubgraphsFederation,
  unionAcrossSubgraphsFederation,
  requiresProvidesFederation,
  shareableOverrideFederation,
  compoundKeysFederation,
  interfaceObjectFederation,
  inaccessibleAndEnumsFederation,
  federationOneFederation,
  nestedListsAndEnumKeysFederation,
  catalogFederation,
  requiresArgumentConflictsFederation,
  nullKeysAndPartialUnionsFederation,
  listValuedKeysFederation,
  // Held to their ground truths: every answer checked against a monolithic schema.
  conflictingSiblingTypesFederation,
  keylessThroughEntityFederation,
  sharedRootKeylessFederation,
  abstractTypesPerSubgraphFederation,
  requiresOnInterfacesFederation,
  contextArgumentsFederation,
  keylessBehindExternalKeyFederation,
];

const oracleFaults: Record<string, readonly OracleFault[]> = {
  'requires-provides': [
    {
      // Below a `@provides` path @apollo/gateway sends representations without the requirements
      // of a requirement; the subgraph rejects them.
      coveredBy: 'RequirementChainBelowAProvidedPath',
      matches: (answer) =>
        (answer.body.errors ?? []).some((error) => error.message.endsWith('in the representation.')),
    },
  ],
};

// Each federation gets its own seed, so replaying one (FUZZ_SEED) replays that federation's run.
for (const [index, federation] of federations.entries())
  describeFuzz(federation, fuzzSeed(1000 + index), fuzzCount(30), oracleFaults[federation.name]);
