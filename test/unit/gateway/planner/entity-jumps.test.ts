import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

const catalog = planner({
  product: `
    type Query { products: [Product!]! product(id: ID!): Product }
    type Product @key(fields: "id") { id: ID! name: String! weightGrams: Int! }`,
  inventory: `
    type Product @key(fields: "id") { id: ID! inventory: Inventory! }
    type Inventory { available: Int! }`,
  pricing: `
    type Product @key(fields: "id") {
      id: ID!
      weightGrams: Int! @external
      price: Int
      shippingEstimate: Int @requires(fields: "weightGrams")
    }`,
});

describe('entity jumps', () => {
  it('fetches fields of other subgraphs through one _entities call each, in parallel', () => {
    expect(catalog('{ products { name price inventory { available } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            {
              products {
                name
                __typename
                id
              }
            }
          },
          Parallel {
            Flatten(path: "products.@") {
              Fetch(service: "pricing") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Product {
                      price
                    }
                  }
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Product {
                      inventory {
                        available
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
    expect(catalog.shape('{ products { name price inventory { available } } }')).toEqual({
      requests: 3,
      waves: 2,
      serves: { 'Product.inventory': 'inventory', 'Product.price': 'pricing', 'Query.products': 'product' },
    });
  });

  it('sends a @requires field in the representation and resolves it with the other fields of that subgraph', () => {
    expect(catalog('{ products { price shippingEstimate } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            {
              products {
                __typename
                id
                weightGrams
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "pricing") {
              {
                ... on Product {
                  __typename
                  id
                  weightGrams
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Product {
                    price
                    shippingEstimate
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(catalog.shape('{ products { price shippingEstimate } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: {
        'Product.price': 'pricing',
        'Product.shippingEstimate': 'pricing',
        'Query.products': 'product',
      },
    });
  });

  it('fetches a key field the client aliased over under an alias of its own', () => {
    expect(
      catalog('{ product(id: "1") { id: name weightGrams: id shippingEstimate } }'),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            {
              product(id: "1") {
                id: name
                weightGrams: id
                hx_weightGrams: weightGrams
                __typename
                hx_id: id
              }
            }
          },
          Flatten(path: "product") {
            Fetch(service: "pricing") {
              {
                ... on Product {
                  __typename
                  hx_id: id
                  hx_weightGrams: weightGrams
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Product {
                    shippingEstimate
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(catalog.shape('{ product(id: "1") { id: name weightGrams: id shippingEstimate } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.shippingEstimate': 'pricing', 'Query.product': 'product' },
    });
  });

  it('fetches key and required fields even when the client selected them only under a false condition', () => {
    expect(
      catalog(
        'query Q($no: Boolean = false) { products { id @include(if: $no) weightGrams @include(if: $no) shippingEstimate } }',
        'Q',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "product") {
            query Q__product__0($no: Boolean = false) {
              products {
                id @include(if: $no)
                weightGrams @include(if: $no)
                weightGrams
                __typename
                id
              }
            }
          },
          Flatten(path: "products.@") {
            Fetch(service: "pricing") {
              {
                ... on Product {
                  __typename
                  id
                  weightGrams
                }
              } =>
              query Q__pricing__1($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Product {
                    shippingEstimate
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(
      catalog.shape(
        'query Q($no: Boolean = false) { products { id @include(if: $no) weightGrams @include(if: $no) shippingEstimate } }',
      ),
    ).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Product.shippingEstimate': 'pricing', 'Query.products': 'product' },
    });
  });

  it('crosses a chain of keys over as many subgraphs as it takes', () => {
    const chain = planner({
      users: `
        type Query { users: [User!]! }
        type User @key(fields: "id") { id: ID! name: String! }`,
      accounts: `
        type User @key(fields: "id") @key(fields: "accountNumber") { id: ID! accountNumber: String! }`,
      billing: `
        type User @key(fields: "accountNumber") { accountNumber: String! balance: Int! }`,
    });
    expect(chain('{ users { name balance } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "users") {
            {
              users {
                name
                __typename
                id
              }
            }
          },
          Flatten(path: "users.@") {
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
                    __typename
                    accountNumber
                  }
                }
              }
            }
          },
          Flatten(path: "users.@") {
            Fetch(service: "billing") {
              {
                ... on User {
                  __typename
                  accountNumber
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on User {
                    balance
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(chain.shape('{ users { name balance } }')).toEqual({
      requests: 3,
      waves: 3,
      serves: { 'Query.users': 'users', 'User.accountNumber': 'accounts', 'User.balance': 'billing' },
    });
  });

  it('uses a compound key and fetches required fields from a third subgraph first', () => {
    const compound = planner({
      orders: `
        type Query { orders: [Order!]! }
        type Order @key(fields: "id") { id: ID! lines: [Line!]! }
        type Line @key(fields: "order { id } number") { order: Order! number: Int! quantity: Int! }`,
      stock: `
        type Line @key(fields: "order { id } number") { order: Order! number: Int! sku: String! }
        type Order @key(fields: "id", resolvable: false) { id: ID! }`,
      shipping: `
        type Line @key(fields: "order { id } number") {
          order: Order!
          number: Int!
          sku: String! @external
          quantity: Int! @external
          parcels: Int! @requires(fields: "sku quantity")
        }
        type Order @key(fields: "id", resolvable: false) { id: ID! }`,
    });
    expect(compound('{ orders { lines { parcels } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "orders") {
            {
              orders {
                lines {
                  __typename
                  order {
                    id
                  }
                  number
                  quantity
                }
              }
            }
          },
          Flatten(path: "orders.@.lines.@") {
            Fetch(service: "stock") {
              {
                ... on Line {
                  __typename
                  order {
                    id
                  }
                  number
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Line {
                    sku
                  }
                }
              }
            }
          },
          Flatten(path: "orders.@.lines.@") {
            Fetch(service: "shipping") {
              {
                ... on Line {
                  __typename
                  order {
                    id
                  }
                  number
                  sku
                  quantity
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Line {
                    parcels
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(compound.shape('{ orders { lines { parcels } } }')).toEqual({
      requests: 3,
      waves: 3,
      serves: { 'Line.parcels': 'shipping', 'Line.sku': 'stock', 'Query.orders': 'orders' },
    });
  });

  it('resolves a @provides field from the subgraph that provides it, and the rest through the key', () => {
    const provides = planner({
      reviews: `
        type Query { reviews: [Review!]! }
        type Review { body: String! author: User! @provides(fields: "name") }
        type User @key(fields: "id") { id: ID! name: String! @external }`,
      users: `
        type User @key(fields: "id") { id: ID! name: String! email: String! }`,
    });
    expect(provides('{ reviews { author { name } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "reviews") {
          {
            reviews {
              author {
                name
              }
            }
          }
        }
      }"
    `);
    expect(provides('{ reviews { author { name email } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "reviews") {
            {
              reviews {
                author {
                  name
                  __typename
                  id
                }
              }
            }
          },
          Flatten(path: "reviews.@.author") {
            Fetch(service: "users") {
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
    expect(provides.shape('{ reviews { author { name } } }')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.reviews': 'reviews' },
    });
    expect(provides.shape('{ reviews { author { name email } } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Query.reviews': 'reviews', 'User.email': 'users' },
    });
  });

  it('resolves an overridden field only from the subgraph that took it over', () => {
    const override = planner({
      old: `
        type Query { items: [Item!]! }
        type Item @key(fields: "id") { id: ID! stock: Int! name: String! @shareable }`,
      modern: `
        type Item @key(fields: "id") { id: ID! stock: Int! @override(from: "old") name: String! @shareable }`,
    });
    expect(override('{ items { name stock } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "old") {
            {
              items {
                name
                __typename
                id
              }
            }
          },
          Flatten(path: "items.@") {
            Fetch(service: "modern") {
              {
                ... on Item {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Item {
                    stock
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(override.shape('{ items { name stock } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Item.stock': 'modern', 'Query.items': 'old' },
    });
  });

  it('keeps a shareable field in the subgraph already answering for the object', () => {
    const shareable = planner({
      a: `
        type Query { a: Thing! }
        type Thing @key(fields: "id") { id: ID! label: String! @shareable onlyA: Int! }`,
      b: `
        type Query { b: Thing! }
        type Thing @key(fields: "id") { id: ID! label: String! @shareable onlyB: Int! }`,
    });
    expect(shareable('{ a { label } b { label onlyA } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Parallel {
            Fetch(service: "a") {
              {
                a {
                  label
                }
              }
            },
            Fetch(service: "b") {
              {
                b {
                  label
                  __typename
                  id
                }
              }
            }
          },
          Flatten(path: "b") {
            Fetch(service: "a") {
              {
                ... on Thing {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Thing {
                    onlyA
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(shareable.shape('{ a { label } b { label onlyA } }')).toEqual({
      requests: 3,
      waves: 2,
      serves: { 'Query.a': 'a', 'Query.b': 'b', 'Thing.onlyA': 'a' },
    });
  });
});

describe('choosing between subgraphs', () => {
  it('sends fields two subgraphs could resolve to the one that resolves the other fields too', () => {
    const plan = planner({
      base: `
        type Query { item: Item! }
        type Item @key(fields: "id") { id: ID! }`,
      left: `
        type Item @key(fields: "id") { id: ID! shared: Int! @shareable }`,
      right: `
        type Item @key(fields: "id") { id: ID! shared: Int! @shareable onlyRight: Int! }`,
    });
    expect(plan('{ item { shared onlyRight } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "base") {
            {
              item {
                __typename
                id
              }
            }
          },
          Flatten(path: "item") {
            Fetch(service: "right") {
              {
                ... on Item {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Item {
                    shared
                    onlyRight
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(plan.shape('{ item { shared onlyRight } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Item.onlyRight': 'right', 'Item.shared': 'right', 'Query.item': 'base' },
    });
  });
});
