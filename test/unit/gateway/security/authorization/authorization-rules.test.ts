import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { normalizeOperation } from '../../../../../gateway/src/planner/normalize-operation.js';
import { readAuthorizationRules } from '../../../../../gateway/src/security/authorization/authorization-rules.js';
import { requirementSites } from '../../../../../gateway/src/security/authorization/operation-requirements.js';
import { NO_REQUIREMENT } from '../../../../../gateway/src/security/authorization/requirement.js';
import { composeSupergraph } from '../../../../../gateway/src/supergraph/compose.js';
import { parseSupergraph } from '../../../../../gateway/src/supergraph/parse-supergraph.js';
import type { SupergraphModel } from '../../../../../gateway/src/supergraph/supergraph-model.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])';

function compose(sdl: string): SupergraphModel {
  const outcome = composeSupergraph([
    { name: 'one', url: 'http://one.test/graphql', sdl: `${LINK}\n${sdl}` },
  ]);
  if (!outcome.ok) throw new Error(outcome.problems.map((problem) => problem.message).join('\n'));
  return parseSupergraph(outcome.supergraphSdl);
}

const SDL = `
  type Query { me: User @authenticated users: [User!]! items: [Item!]! level: Level note: Note }
  type User { id: ID! email: String @requiresScopes(scopes: [["read:email"], ["admin"]]) secret: Secret }
  scalar Secret @policy(policies: [["vault"]])
  enum Level @requiresScopes(scopes: [["levels"]]) { LOW HIGH }
  interface Item { id: ID! price: Int }
  type Book implements Item { id: ID! price: Int }
  type Vault implements Item @authenticated { id: ID! price: Int @requiresScopes(scopes: [["finance"]]) }
  union Note = Book | Vault
`;

/** The sites of an operation, as `coordinate at path: requirement`. */
function sitesOf(model: SupergraphModel, query: string) {
  const operation = normalizeOperation(parse(query), null, model.apiSchema);
  return requirementSites(operation, model.apiSchema, readAuthorizationRules(model.schema)).map((site) => ({
    at: `${site.coordinate} at ${site.path.join('.')}`,
    requirement: site.requirement,
  }));
}

describe('readAuthorizationRules', () => {
  it('reads fields, types, scalars and enums, and gives interfaces their implementations’ requirements', () => {
    const rules = readAuthorizationRules(compose(SDL).schema);
    expect(rules.isEmpty).toBe(false);
    expect(rules.usesPolicies).toBe(true);
    expect(rules.fieldRequirement('Query', 'me')).toEqual({ authenticated: true, scopes: [], policies: [] });
    expect(rules.fieldRequirement('User', 'email').scopes).toEqual([[['admin'], ['read:email']]]);
    expect(rules.typeRequirement('Secret').policies).toEqual([[['vault']]]);
    expect(rules.typeRequirement('Level').scopes).toEqual([[['levels']]]);
    expect(rules.typeRequirement('Item').authenticated).toBe(true);
    expect(rules.fieldRequirement('Item', 'price').scopes).toEqual([[['finance']]]);
    expect(rules.fieldRequirement('Book', 'price')).toEqual(NO_REQUIREMENT);
    expect(rules.typeRequirement('Note')).toEqual(NO_REQUIREMENT);
  });

  it('knows the directives by the names the supergraph links them under, and no others', () => {
    const supergraph = compose(SDL).sdl;
    const renamed = supergraph
      .replace(
        '"https://specs.apollo.dev/authenticated/v0.1"',
        '"https://specs.apollo.dev/authenticated/v0.1", as: "signedIn"',
      )
      .replaceAll('@authenticated', '@signedIn');
    const rules = readAuthorizationRules(parseSupergraph(renamed).schema);
    expect(rules.fieldRequirement('Query', 'me').authenticated).toBe(true);

    const unlinked = supergraph.replace(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\/v0\.1", for: SECURITY\)/g,
      '',
    );
    expect(readAuthorizationRules(parseSupergraph(unlinked).schema).isEmpty).toBe(true);
  });
});

describe('requirementSites', () => {
  const model = compose(SDL);

  it('finds a field’s own requirement and that of the type it returns, in document order', () => {
    expect(sitesOf(model, '{ users { id email secret } me { id } level }').map((site) => site.at)).toEqual([
      'User.email at users.email',
      'User.secret at users.secret',
      'Query.me at me',
      'Query.level at level',
    ]);
  });

  it('puts a fragment’s type requirement on the fields inside it, and never on __typename', () => {
    const sites = sitesOf(model, '{ note { __typename ... on Vault { __typename id } ... on Book { id } } }');
    expect(sites).toEqual([
      { at: 'Vault.id at note.id', requirement: { authenticated: true, scopes: [], policies: [] } },
    ]);
  });

  it('asks a field selected on an interface for every implementation’s requirement', () => {
    const sites = sitesOf(model, '{ items { id ... on Book { price } } }');
    expect(sites.map((site) => site.at)).toEqual(['Query.items at items']);
    expect(sitesOf(model, 'query { items { price } }').map((site) => site.at)).toEqual([
      'Query.items at items',
      'Item.price at items.price',
    ]);
  });

  it('finds nothing in introspection or in a supergraph without directives', () => {
    expect(sitesOf(model, '{ __schema { queryType { name } } __typename }')).toEqual([]);
    const plain = compose('type Query { hello: String }');
    expect(sitesOf(plain, '{ hello }')).toEqual([]);
  });
});
