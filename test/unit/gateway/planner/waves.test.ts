import { describe, expect, it } from 'vitest';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { reviewsCatalogSubgraphs } from '../../../fixtures/federation/reviews-catalog/federation.js';
import { inProcessFederation } from '../../../helpers/in-process-federation.js';

const federation = inProcessFederation(reviewsCatalogSubgraphs());
const plan = (query: string) => printQueryPlan(federation.plan(query));

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
  });
});
