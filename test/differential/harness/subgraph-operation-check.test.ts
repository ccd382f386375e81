import { describe, expect, it } from 'vitest';
import { parseSupergraph } from '../../../gateway/src/supergraph/parse-supergraph.js';
import type { SubgraphClient } from '../../../gateway/src/upstream/subgraph-client.js';
import { composeOrThrow } from '../../helpers/federation-fixture.js';
import { groundTruth } from '../../helpers/ground-truth.js';
import { CheckedSubgraphClient, describeInvalidOperations } from '../../helpers/subgraph-operation-check.js';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const accounts = {
  name: 'accounts',
  sdl: `${link}
    type Query { accounts: [Account!]! }
    union Account = User | Admin
    type User @key(fields: "id") { id: ID! name: String @shareable }
    type Admin { id: ID name: String @shareable }`,
};
const directory = {
  name: 'directory',
  sdl: `${link}
    type Query { users: [User!] }
    type User @key(fields: "id") { id: ID name: String @shareable }`,
};
const answering: SubgraphClient = { call: async () => ({ data: {} }) };
const context = { operationKind: 'query' as const, signal: new AbortController().signal };

describe('CheckedSubgraphClient', () => {
  it("keeps the operations a subgraph's own schema rejects, and still sends them", async () => {
    const client = new CheckedSubgraphClient(answering, [accounts, directory]);
    const conflicting = '{ accounts { ... on User { id } ... on Admin { id } } }';

    await client.call('directory', { query: '{ users { id name } }' }, context);
    await expect(client.call('accounts', { query: conflicting }, context)).resolves.toEqual({ data: {} });

    expect(client.invalidOperations()).toEqual([
      {
        subgraph: 'accounts',
        query: conflicting,
        problems: [
          expect.stringContaining('"id" conflict because they return conflicting types "ID!" and "ID"'),
        ],
      },
    ]);
  });

  it('prints the plan that emitted an invalid operation', () => {
    const supergraphSdl = composeOrThrow('check', [
      { ...accounts, url: 'http://accounts.example/graphql' },
      { ...directory, url: 'http://directory.example/graphql' },
    ]);
    const message = describeInvalidOperations(
      [{ subgraph: 'accounts', query: '{ x }', problems: ['Cannot query field "x".'] }],
      supergraphSdl,
      { query: '{ users { id } }' },
    );
    expect(message).toContain('subgraph "accounts" rejects\n  { x }\n  - Cannot query field "x".');
    expect(message).toContain('Fetch(service: "directory")');
  });
});

describe('groundTruth', () => {
  it('answers from a monolithic schema over the API schema, resolving abstract types by __typename', async () => {
    const supergraphSdl = composeOrThrow('truth', [
      { ...accounts, url: 'http://accounts.example/graphql' },
      { ...directory, url: 'http://directory.example/graphql' },
    ]);
    const truth = groundTruth(parseSupergraph(supergraphSdl).apiSchema, {
      Query: {
        accounts: () => [{ __typename: 'Admin', id: null, name: 'root' }],
        users: () => {
          throw new Error('No users.');
        },
      },
    });

    const answer = await truth.answer({ query: '{ accounts { ... on Admin { name } } users { id } }' });

    expect(answer.body.data).toEqual({ accounts: [{ name: 'root' }], users: null });
    expect(answer.body.errors?.map((error) => error.path)).toEqual([['users']]);
  });

  it('refuses resolvers for fields the API schema does not have', () => {
    const supergraphSdl = composeOrThrow('truth', [
      { ...directory, url: 'http://directory.example/graphql' },
    ]);
    expect(() => groundTruth(parseSupergraph(supergraphSdl).apiSchema, { User: { age: () => 1 } })).toThrow(
      'Monolith resolvers name User.age, which does not exist.',
    );
  });
});
