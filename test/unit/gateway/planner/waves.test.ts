import { describe, expect, it } from 'vitest';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { reviewsCatalogSubgraphs } from '../../../fixtures/federation/reviews-catalog/federation.js';
import { inProcessFederation } from '../../../helpers/in-process-federation.js';
import { planShape, subgraphOperationProblems } from '../../../helpers/plan-checks.js';

const subgraphs = reviewsCatalogSubgraphs();
const federation = inProcessFederation(subgraphs);
const plan = (query: string) => printQueryPlan(federation.plan(query));
const sdls = Object.fromEntries(subgraphs.map(({ name, sdl }) => [name, sdl]));

describe('waves', () => {
  it('batches the entity fetches of one wave to one subgraph, and moves a lone one to a later wave asking its subgraph anyway', () => {
    expect(
      plan(
        '{ users { name reviews { author { name } } } topProducts(first: 2) { inStock reviews { product { inStock } } } }',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Parallel {
            Fetch(service: "accounts") {
              {
                users {
                  name
                  __typename
                  id
                }
              }
            },
            Fetch(service: "products") {
              {
                topProducts(first: 2) {
                  __typename
                  upc
                }
              }
            }
          },
          Batch(service: "reviews") {
            Flatten(path: "users.@") {
              Fetch(service: "reviews") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on User {
                      reviews {
                        author {
                          __typename
                          id
                        }
                      }
                    }
                  }
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Product {
                      reviews {
                        product {
                          __typename
                          upc
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          Parallel {
            Flatten(path: "users.@.reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on User {
                      name
                    }
                  }
                }
              }
            },
            Batch(service: "inventory") {
              Flatten(path: "topProducts.@") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  query ($representations: [_Any!]!) {
                    _entities(representations: $representations) {
                      ... on Product {
                        inStock
                      }
                    }
                  }
                }
              },
              Flatten(path: "topProducts.@.reviews.@.product") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  query ($representations: [_Any!]!) {
                    _entities(representations: $representations) {
                      ... on Product {
                        inStock
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    const planned = federation.plan(
      '{ users { name reviews { author { name } } } topProducts(first: 2) { inStock reviews { product { inStock } } } }',
    );
    // Wave 1: accounts and products; wave 2: one reviews request; wave 3: accounts, and one
    // inventory request for both places inStock is asked, the first moved there from wave 2.
    expect(planShape(planned)).toEqual({
      requests: 5,
      waves: 3,
      serves: {
        'Product.inStock': 'inventory',
        'Product.reviews': 'reviews',
        'Query.topProducts': 'products',
        'Query.users': 'accounts',
        'User.name': 'accounts',
        'User.reviews': 'reviews',
      },
    });
    expect(subgraphOperationProblems(planned, sdls)).toEqual([]);
  });
});
