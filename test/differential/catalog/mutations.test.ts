import { catalogFederation } from '../../fixtures/federation/catalog/federation.js';
import { catalogMutationOperations } from '../../fixtures/federation/catalog/mutation-operations.js';
import { describeDifferential } from '../../helpers/differential.js';

describeDifferential(catalogFederation, catalogMutationOperations);
