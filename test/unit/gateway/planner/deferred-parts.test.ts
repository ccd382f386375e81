import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildQueryPlan } from '../../../../gateway/src/planner/build-query-plan.js';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import type { QueryPlan } from '../../../../gateway/src/planner/query-plan.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { planShape, subgraphOperationProblems } from '../../../helpers/plan-checks.js';
import { composeModel, withFederationLinks } from './compose-and-plan.js';

const SUBGRAPHS = {
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
};
const index = new SupergraphIndex(composeModel(SUBGRAPHS));

/** Each part of a plan as a plan of its own: the primary part first. */
function partsOf(plan: QueryPlan): QueryPlan[] {
  return [
    { kind: 'QueryPlan', ...(plan.node && { node: plan.node }) },
    ...(plan.deferred ?? []).map(
      (part): QueryPlan => ({ kind: 'QueryPlan', ...(part.node && { node: part.node }) }),
    ),
  ];
}

const plan = (operation: string, incremental = true) =>
  buildQueryPlan(index, parse(operation), undefined, { incremental }).plan;

describe('deferred parts', () => {
  it('plans a deferred fragment as a part after the primary one, reading the keys the primary part fetched', () => {
    const planned = plan(
      '{ products { name ... @defer(label: "offer") { price inventory { available } } } }',
    );

    expect(planned.deferred).toEqual([
      expect.objectContaining({ id: 1, after: 0, label: 'offer', path: ['products', '@'], type: 'Product' }),
    ]);
    // The primary part asks product only; the deferred part asks pricing and inventory at once.
    expect(partsOf(planned).map(planShape)).toEqual([
      { requests: 1, waves: 1, serves: { 'Query.products': 'product' } },
      { requests: 2, waves: 1, serves: { 'Product.inventory': 'inventory', 'Product.price': 'pricing' } },
    ]);
    expect(printQueryPlan(planned)).toMatchInlineSnapshot(`
      "QueryPlan {
        Primary {
          Fetch(service: "product") {
            {
              products {
                name
                __typename
                id
              }
            }
          }
        },
        Deferred(id: 1, after: 0, path: "products.@", label: "offer") {
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
  });

  it('fetches a deferred field of the same subgraph in the part, through the entity key, not in the primary fetch', () => {
    const printed = printQueryPlan(plan('{ product(id: "1") { name ... @defer { weightGrams } } }'));

    expect(printed).toMatchInlineSnapshot(`
      "QueryPlan {
        Primary {
          Fetch(service: "product") {
            {
              product(id: "1") {
                name
                __typename
                id
              }
            }
          }
        },
        Deferred(id: 1, after: 0, path: "product") {
          Flatten(path: "product") {
            Fetch(service: "product") {
              {
                ... on Product {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Product {
                    weightGrams
                  }
                }
              }
            }
          }
        }
      }"
    `);
  });

  it('plans nested and root-level deferred fragments after the part they sit in, with `if: $variable` kept', () => {
    const planned = plan(
      'query($d: Boolean!) { products { name } ... @defer { product(id: "1") { name ... on Product @defer(if: $d) { shippingEstimate } } } }',
    );

    expect(
      planned.deferred?.map(({ id, after, path, ifVariable }) => ({ id, after, path, ifVariable })),
    ).toEqual([
      { id: 1, after: 0, path: [], ifVariable: undefined },
      { id: 2, after: 1, path: ['product'], ifVariable: 'd' },
    ]);
    expect(printQueryPlan(planned)).toMatchInlineSnapshot(`
      "QueryPlan {
        Primary {
          Fetch(service: "product") {
            {
              products {
                name
              }
            }
          }
        },
        Deferred(id: 1, after: 0, path: "") {
          Fetch(service: "product") {
            {
              product(id: "1") {
                name
                __typename
                id
              }
            }
          }
        },
        Deferred(id: 2, after: 1, path: "product", on: Product, if: $d) {
          Sequence {
            Flatten(path: "product") {
              Fetch(service: "product") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Product {
                      weightGrams
                    }
                  }
                }
              }
            },
            Flatten(path: "product") {
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
                      shippingEstimate
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

  it('fetches a deferred field of an object no key reaches with the fetch that returns the object', () => {
    const planned = plan('{ product(id: "1") { inventory { ... @defer(label: "count") { available } } } }');

    // No @key on Inventory: the primary part's inventory fetch returns the field; the part only delivers it.
    expect(planned.deferred).toEqual([
      expect.objectContaining({ id: 1, path: ['product', 'inventory'], label: 'count' }),
    ]);
    expect(planned.deferred?.[0]?.node).toBeUndefined();
    expect(printQueryPlan({ kind: 'QueryPlan', ...(planned.node && { node: planned.node }) })).toContain(
      'available',
    );
  });

  it('sends every part operations valid in the subgraph they go to', () => {
    const sdls = withFederationLinks(SUBGRAPHS);
    for (const operation of [
      '{ products { name ... @defer(label: "offer") { price inventory { available } } } }',
      '{ product(id: "1") { name ... @defer { weightGrams ... @defer { shippingEstimate } } } }',
      'query($d: Boolean!) { products { name } ... @defer { product(id: "1") { name ... on Product @defer(if: $d) { shippingEstimate } } } }',
    ]) {
      for (const part of partsOf(plan(operation))) expect(subgraphOperationProblems(part, sdls)).toEqual([]);
    }
  });

  it('ignores @defer with a literal `if: false`, and every @defer when not planning for incremental delivery', () => {
    const operation = '{ products { name ... @defer { price } } }';
    const plain = printQueryPlan(plan('{ products { name ... { price } } }', false));

    expect(plan('{ products { name ... @defer(if: false) { price } } }').deferred).toBeUndefined();
    expect(plan(operation, false).deferred).toBeUndefined();
    expect(printQueryPlan(plan(operation, false))).toBe(plain);
  });
});
