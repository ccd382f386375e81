import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  publicSubgraphSchema,
  type SubgraphName,
} from '../../../../../scripts/bench/gateways-benchmark/subgraphs.js';

async function ask(name: SubgraphName, source: string, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema: publicSubgraphSchema(name), source, variableValues });
  expect(result.errors).toBeUndefined();
  return result.data;
}

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on %s } }';

describe('the gateways-benchmark subgraphs', () => {
  it('accounts: me is user 1; users lists six; a user entity is resolved by id', async () => {
    expect(await ask('accounts', '{ me { id username } users { id } user(id: "4") { name } }')).toEqual({
      me: { id: '1', username: 'urigo' },
      users: ['1', '2', '3', '4', '5', '6'].map((id) => ({ id })),
      user: { name: 'Arda Tanrikulu' },
    });
    expect(
      await ask('accounts', ENTITIES.replace('%s', 'User { name birthday }'), {
        r: [{ __typename: 'User', id: '6' }],
      }),
    ).toEqual({ _entities: [{ name: 'Laurin Quast', birthday: 1234567890 }] });
  });

  it('products: topProducts gives the first five by default, or first', async () => {
    expect(
      await ask('products', '{ topProducts { upc } few: topProducts(first: 2) { name price weight } }'),
    ).toEqual({
      topProducts: ['1', '2', '3', '4', '5'].map((upc) => ({ upc })),
      few: [
        { name: 'Table', price: 899, weight: 100 },
        { name: 'Couch', price: 1299, weight: 1000 },
      ],
    });
  });

  it('inventory: stock by upc, shipping from the required price and weight', async () => {
    expect(
      await ask('inventory', ENTITIES.replace('%s', 'Product { upc inStock shippingEstimate }'), {
        r: [
          { __typename: 'Product', upc: '1', price: 899, weight: 100 },
          { __typename: 'Product', upc: '8', price: 100000, weight: 6000 },
        ],
      }),
    ).toEqual({
      _entities: [
        { upc: '1', inStock: true, shippingEstimate: 50 },
        { upc: '8', inStock: false, shippingEstimate: 0 },
      ],
    });
  });

  it('reviews: authors are urigo with reviews 1 and 2; users resolved here are "user"; products get theirs', async () => {
    expect(
      await ask(
        'reviews',
        ENTITIES.replace('%s', 'Review { id author { id username reviews { id } } product { upc } }'),
        {
          r: [{ __typename: 'Review', id: '10' }],
        },
      ),
    ).toEqual({
      _entities: [
        {
          id: '10',
          author: { id: '1', username: 'urigo', reviews: [{ id: '1' }, { id: '2' }] },
          product: { upc: '4' },
        },
      ],
    });
    expect(
      await ask('reviews', ENTITIES.replace('%s', 'User { id username reviews { id } }'), {
        r: [{ __typename: 'User', id: '3' }],
      }),
    ).toEqual({ _entities: [{ id: '3', username: 'user', reviews: [{ id: '1' }, { id: '2' }] }] });
    expect(
      await ask('reviews', ENTITIES.replace('%s', 'Product { reviews { id } }'), {
        r: [
          { __typename: 'Product', upc: '4' },
          { __typename: 'Product', upc: '9' },
        ],
      }),
    ).toEqual({ _entities: [{ reviews: [{ id: '10' }, { id: '11' }] }, { reviews: [] }] });
  });
});
