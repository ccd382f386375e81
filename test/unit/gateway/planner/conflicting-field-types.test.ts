import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

describe('fields whose types differ only in the subgraph that resolves them', () => {
  const accounts = planner({
    accounts: `
      type Query { accounts: [Account!]! }
      union Account = User | Admin
      type User @key(fields: "id") { id: ID! tags: [String!] @shareable }
      type Admin { id: ID tags: [String] }`,
    directory: `
      type User @key(fields: "id") { id: ID tags: [String] @shareable email: String }`,
  });

  it('aliases the later of two sibling fields the subgraph declares with different types', () => {
    expect(
      accounts('{ accounts { ... on User { id tags } ... on Admin { id tags } } }'),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "accounts") {
          {
            accounts {
              __typename
              ... on User {
                id
                tags
              }
              ... on Admin {
                hx_4_id: id
                hx_5_tags: tags
              }
            }
          }
        }
      }"
    `);
    expect(accounts.shape('{ accounts { ... on User { id tags } ... on Admin { id tags } } }')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.accounts': 'accounts' },
    });
  });

  it("aliases the client's field when it conflicts with a key the gateway adds", () => {
    expect(accounts('{ accounts { ... on User { email } ... on Admin { id } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "accounts") {
            {
              accounts {
                __typename
                ... on User {
                  __typename
                  id
                }
                ... on Admin {
                  hx_3_id: id
                }
              }
            }
          },
          Flatten(path: "accounts.@") {
            Fetch(service: "directory") {
              {
                ... on User {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on User {
                    email
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(accounts.shape('{ accounts { ... on User { email } ... on Admin { id } } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Query.accounts': 'accounts', 'User.email': 'directory' },
    });
  });
});
