import { describe, expect, it } from 'vitest';
import { composeModel, planner } from './compose-and-plan.js';

const link = (version: string, imports: string) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v${version}", import: [${imports}])`;

const subgraphs = {
  accounts: `${link('2.8', '"@key", "@shareable"')}
    type Query { users: [User!]! }
    type User @key(fields: "id") { id: ID! locale: String! @shareable }`,
  content: `${link('2.8', '"@key", "@external", "@context", "@fromContext"')}
    type User @key(fields: "id") @context(name: "viewer") { id: ID! locale: String! @external posts: [Post!]! }
    type Post @key(fields: "id") {
      id: ID!
      summary(prefix: String, locale: String @fromContext(field: "$viewer { locale }")): String
    }`,
};

describe('arguments taken from a context (@fromContext)', () => {
  it('reads the contexts types set and the arguments fields take from them', () => {
    const model = composeModel(subgraphs);
    expect([...(model.types.get('User')?.contexts ?? [])]).toEqual(['content__viewer']);
    const summary = model.types.get('Post')?.fields.get('summary')?.sources.get('content');
    expect(summary?.contextArguments?.map(({ name, type, context }) => ({ name, type, context }))).toEqual([
      { name: 'locale', type: 'String', context: 'content__viewer' },
    ]);
  });

  it('fetches the value where the ancestor is first returned and stands a variable in for it', () => {
    expect(planner(subgraphs)('{ users { posts { summary(prefix: "> ") } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "accounts") {
            {
              users {
                __typename
                id
                locale
              }
            }
          },
          Flatten(path: "users.@") {
            Fetch(service: "content") {
              {
                ... on User {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on User {
                    posts {
                      __typename
                      id
                    }
                  }
                }
              }
            }
          },
          Flatten(path: "users.@.posts.@") {
            Fetch(service: "content") {
              {
                ... on Post {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Post {
                    summary(prefix: "> ", locale: $hx_ctx_0)
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(planner(subgraphs).shape('{ users { posts { summary(prefix: "> ") } } }')).toEqual({
      requests: 3,
      waves: 3,
      serves: { 'Post.summary': 'content', 'Query.users': 'accounts', 'User.posts': 'content' },
    });
  });
});
