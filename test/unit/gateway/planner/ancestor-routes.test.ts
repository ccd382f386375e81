import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

describe('fields of key-less types that only another subgraph resolves', () => {
  const shop = planner({
    catalog: `
      type Query { products: [Product!]! }
      type Product @key(fields: "id") { id: ID! category: Category @shareable }
      type Category { id: ID! @shareable name: String }`,
    merch: `
      type Product @key(fields: "id") { id: ID! category: Category @shareable }
      type Category { id: ID! @shareable banner: String }`,
  });

  it("jumps by the nearest entity ancestor's key and walks down to the field again", () => {
    expect(shop('{ products { category { name banner } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "catalog") {
            {
              products {
                category {
                  name
                }
                __typename
                id
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "merch") {
              {
                ... on Product {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Product {
                    category {
                      banner
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(shop.shape('{ products { category { name banner } } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.category': 'merch', 'Query.products': 'catalog' },
    });
  });

  const shared = planner({
    pricing: `
      type Query { product(id: ID!): Product @shareable }
      type Product { id: ID! @shareable price: Int }`,
    stock: `
      type Query { product(id: ID!): Product @shareable }
      type Product { id: ID! @shareable inStock: Boolean }`,
  });

  it('calls a shared root field in each subgraph owning a part of its selection', () => {
    expect(shared('query ($id: ID!) { product(id: $id) { id price inStock } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Parallel {
          Fetch(service: "pricing") {
            query ($id: ID!) {
              product(id: $id) {
                id
                price
              }
            }
          },
          Fetch(service: "stock") {
            query ($id: ID!) {
              product(id: $id) {
                inStock
              }
            }
          }
        }
      }"
    `);
    expect(shared.shape('query ($id: ID!) { product(id: $id) { id price inStock } }')).toEqual({
      requests: 2,
      waves: 1,
      serves: { 'Query.product': 'pricing & stock' },
    });
  });
});
