import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

const plan = planner({
  product: `
    type Query { products: [Product!]! }
    type Product @key(fields: "id") { id: ID! name: String! }`,
  reviews: `
    type Product @key(fields: "id") { id: ID! reviews(first: Int = 5): [Review!]! }
    type Review { body: String! stars: Int! }`,
});

describe('conditions', () => {
  it('skips an entity fetch through a Condition node when all it fetches is conditional', () => {
    expect(
      plan('query Q($r: Boolean!) { products { name reviews @include(if: $r) { body } } }', 'Q'),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            query Q__product__0 {
              products {
                name
                __typename
                id
              }
            }
          },
          Include(if: $r) {
            Flatten(path: "products.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                query Q__reviews__1($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Product {
                      reviews {
                        body
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
    expect(
      plan.shape('query Q($r: Boolean!) { products { name reviews @include(if: $r) { body } } }', 'Q'),
    ).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.reviews': 'reviews', 'Query.products': 'product' },
    });
  });

  it('keeps conditions inside the subgraph operation when only part of a fetch is conditional', () => {
    expect(
      plan(
        'query Q($s: Boolean!) { products { reviews { body } top: reviews(first: 1) @skip(if: $s) { stars } } }',
        'Q',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            query Q__product__0 {
              products {
                __typename
                id
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "reviews") {
              {
                ... on Product {
                  __typename
                  id
                }
              } =>
              query Q__reviews__1($representations: [_Any!]!, $s: Boolean!) {
                _entities(representations: $representations) {
                  ... on Product {
                    reviews {
                      body
                    }
                    top: reviews(first: 1) @skip(if: $s) {
                      stars
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(
      plan.shape(
        'query Q($s: Boolean!) { products { reviews { body } top: reviews(first: 1) @skip(if: $s) { stars } } }',
        'Q',
      ),
    ).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.reviews': 'reviews', 'Query.products': 'product' },
    });
  });

  it('wraps a root fetch whose fields are all conditional', () => {
    expect(plan('query Q($p: Boolean!) { products @include(if: $p) { name } }', 'Q')).toMatchInlineSnapshot(`
      "QueryPlan {
        Include(if: $p) {
          Fetch(service: "product") {
            query Q__product__0 {
              products {
                name
              }
            }
          }
        }
      }"
    `);
    expect(plan.shape('query Q($p: Boolean!) { products @include(if: $p) { name } }', 'Q')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.products': 'product' },
    });
  });

  it('drops selections excluded by a literal condition at plan time', () => {
    expect(plan('{ products { name reviews @include(if: false) { body } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "product") {
          {
            products {
              name
            }
          }
        }
      }"
    `);
    expect(plan.shape('{ products { name reviews @include(if: false) { body } } }')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.products': 'product' },
    });
  });
});

describe('fragments and variables', () => {
  it('inlines named fragments and declares variables used deep inside entity fetches', () => {
    expect(
      plan(
        `query Q($n: Int, $s: Boolean = true) { products { ...P } }
         fragment P on Product { name reviews(first: $n) { ... on Review @include(if: $s) { stars } } }`,
        'Q',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            query Q__product__0 {
              products {
                name
                __typename
                id
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "reviews") {
              {
                ... on Product {
                  __typename
                  id
                }
              } =>
              query Q__reviews__1($representations: [_Any!]!, $n: Int, $s: Boolean = true) {
                _entities(representations: $representations) {
                  ... on Product {
                    reviews(first: $n) {
                      ... @include(if: $s) {
                        stars
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
    expect(
      plan.shape(
        `query Q($n: Int, $s: Boolean = true) { products { ...P } }
         fragment P on Product { name reviews(first: $n) { ... on Review @include(if: $s) { stars } } }`,
        'Q',
      ),
    ).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.reviews': 'reviews', 'Query.products': 'product' },
    });
  });

  it('names subgraph operations after the client operation, and a client variable called representations keeps its name', () => {
    expect(
      plan(
        'query Reviews($representations: Int) { products { reviews(first: $representations) { body } } }',
        'Reviews',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            query Reviews__product__0 {
              products {
                __typename
                id
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "reviews") {
              {
                ... on Product {
                  __typename
                  id
                }
              } =>
              query Reviews__reviews__1($_representations: [_Any!]!, $representations: Int) {
                _entities(representations: $_representations) {
                  ... on Product {
                    reviews(first: $representations) {
                      body
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(
      plan.shape(
        'query Reviews($representations: Int) { products { reviews(first: $representations) { body } } }',
        'Reviews',
      ),
    ).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.reviews': 'reviews', 'Query.products': 'product' },
    });
  });
});
