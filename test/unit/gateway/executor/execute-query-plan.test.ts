import { describe, expect, it } from 'vitest';
import type { FetchInfo } from '../../../../gateway/src/executor/execution-state.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { catalogFederation } from './catalog-fixture.js';

/** The error list as plain data: message, path and extensions, as a client receives them. */
function plainErrors(errors: readonly { toJSON(): unknown }[] | undefined): unknown[] {
  return (errors ?? []).map((error) => error.toJSON());
}

describe('executeQueryPlan', () => {
  it('answers products with price and stock with exactly one request per subgraph', async () => {
    const federation = catalogFederation(100);
    const result = await federation.run(
      '{ products(first: 100) { name price { amount } inventory { available } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.products).toHaveLength(100);
    expect(result.data?.products).toContainEqual({
      name: 'Product 7',
      price: { amount: 700 },
      inventory: { available: 2 },
    });
    expect(federation.client.calls.map((call) => call.subgraph).sort()).toEqual([
      'inventory',
      'pricing',
      'product',
    ]);
    const pricing = federation.client.callsTo('pricing')[0];
    expect(pricing?.request.variables?.representations).toHaveLength(100);
  });

  it('sends each distinct representation once, however many objects share it', async () => {
    const federation = catalogFederation(4);
    const result = await federation.run('{ products(first: 4) { related { id price { amount } } } }');
    expect(result.errors).toBeUndefined();
    const representations = federation.client.callsTo('pricing')[0]?.request.variables?.representations;
    // Every product is related to two of the others: 8 related objects, 3 distinct products.
    expect(representations).toEqual([
      { __typename: 'Product', id: 'p2' },
      { __typename: 'Product', id: 'p3' },
      { __typename: 'Product', id: 'p1' },
    ]);
    expect(result.data?.products).toEqual([
      {
        related: [
          { id: 'p2', price: { amount: 200 } },
          { id: 'p3', price: { amount: 300 } },
        ],
      },
      {
        related: [
          { id: 'p1', price: { amount: 100 } },
          { id: 'p3', price: { amount: 300 } },
        ],
      },
      {
        related: [
          { id: 'p1', price: { amount: 100 } },
          { id: 'p2', price: { amount: 200 } },
        ],
      },
      {
        related: [
          { id: 'p1', price: { amount: 100 } },
          { id: 'p2', price: { amount: 200 } },
        ],
      },
    ]);
  });

  it('batches entity fetches of one step that share subgraph and selection into one request', async () => {
    const federation = catalogFederation(3);
    const result = await federation.run(
      '{ a: product(id: "p1") { price { amount } } b: product(id: "p2") { price { amount } } c: product(id: "p1") { price { amount } } }',
    );
    expect(result.data).toEqual({
      a: { price: { amount: 100 } },
      b: { price: { amount: 200 } },
      c: { price: { amount: 100 } },
    });
    const pricing = federation.client.callsTo('pricing');
    expect(pricing).toHaveLength(1);
    expect(pricing[0]?.request.variables?.representations).toEqual([
      { __typename: 'Product', id: 'p1' },
      { __typename: 'Product', id: 'p2' },
    ]);
  });

  it('re-paths a subgraph error to the client path with concrete list indices and the subgraph name', async () => {
    const federation = catalogFederation(2);
    const result = await federation.run('{ products { name price { amount } } }');
    expect(result.data?.products).toEqual([
      { name: 'Product 1', price: { amount: 100 } },
      { name: 'Product 2', price: { amount: 200 } },
      { name: 'Boom', price: null },
    ]);
    expect(plainErrors(result.errors)).toEqual([
      {
        message: 'pricing exploded',
        path: ['products', 2, 'price'],
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'pricing' },
      },
    ]);
  });

  it('keeps the code a subgraph gave its error', async () => {
    const federation = catalogFederation(2);
    const result = await federation.run('mutation { rename(id: "nope", name: "x") { name } }');
    expect(result.data).toBeNull();
    expect(plainErrors(result.errors)).toEqual([
      {
        message: 'No product nope',
        path: ['rename'],
        extensions: { code: 'NOT_FOUND', serviceName: 'product' },
      },
    ]);
  });

  it('returns partial data when a subgraph call fails, with one error per affected field', async () => {
    const federation = catalogFederation(2);
    federation.client.failWhen((subgraph) =>
      subgraph === 'pricing'
        ? new UpstreamError('CIRCUIT_OPEN', 'Calls to pricing are suspended.', 'pricing')
        : undefined,
    );
    const result = await federation.run('{ products { name price { amount } } }');
    expect(result.data?.products).toEqual([
      { name: 'Product 1', price: null },
      { name: 'Product 2', price: null },
      { name: 'Boom', price: null },
    ]);
    expect(plainErrors(result.errors)).toEqual(
      [0, 1, 2].map((index) => ({
        message: 'Calls to pricing are suspended.',
        path: ['products', index, 'price'],
        extensions: { code: 'CIRCUIT_OPEN', serviceName: 'pricing' },
      })),
    );
  });

  it('nulls the nearest nullable parent of a null non-null field and reports it once', async () => {
    const federation = catalogFederation(2);
    const result = await federation.run(
      '{ product(id: "p-ghost") { name inventory { available } } topProduct { name } }',
    );
    expect(result.data).toEqual({ product: null, topProduct: { name: 'Product 1' } });
    expect(plainErrors(result.errors)).toEqual([
      {
        message: 'Cannot return null for non-nullable field Product.inventory.',
        path: ['product', 'inventory'],
      },
    ]);
  });

  it('sends consecutive mutation fields of one subgraph in one request, which runs them in order', async () => {
    const federation = catalogFederation(2);
    const result = await federation.run(
      'mutation { first: rename(id: "p1", name: "A") { name price { amount } } second: rename(id: "p1", name: "B") { name } }',
    );
    expect(result.data).toEqual({ first: { name: 'A', price: { amount: 100 } }, second: { name: 'B' } });
    expect(federation.client.calls.map((call) => call.subgraph)).toEqual(['product', 'pricing']);
  });

  it('refuses variables that do not fit their definitions before calling any subgraph', async () => {
    const federation = catalogFederation(2);
    const result = await federation.run(
      'query Q($n: Int!) { products(first: $n) { name } }',
      { n: 'many' },
      'Q',
    );
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toMatch(/Variable "\$n" got invalid value "many"/);
    expect(federation.client.calls).toEqual([]);
  });

  it('merges a field selected twice, once under a false condition, per CollectFields', async () => {
    const federation = catalogFederation(1);
    const result = await federation.run(
      'query Q($no: Boolean!) { products(first: 1) { name } products(first: 1) @include(if: $no) { price { amount } } }',
      { no: false },
      'Q',
    );
    expect(result.data).toEqual({ products: [{ name: 'Product 1' }] });
    expect(federation.client.callsTo('pricing')).toEqual([]);
  });

  it('answers introspection beside subgraph fields and __typename everywhere', async () => {
    const federation = catalogFederation(1);
    const result = await federation.run(
      '{ __typename products(first: 1) { __typename kind: __typename name } __type(name: "Product") { name } }',
    );
    expect(result.data).toEqual({
      __typename: 'Query',
      products: [{ __typename: 'Product', kind: 'Product', name: 'Product 1' }],
      __type: { name: 'Product' },
    });
  });

  it('reports every subgraph call to the onFetch hook, with the entity count of entity fetches', async () => {
    const fetches: FetchInfo[] = [];
    const federation = catalogFederation(3, { hooks: { onFetch: (info) => fetches.push(info) } });
    await federation.run('{ products { price { amount } } }');
    expect(fetches.map(({ subgraph, ok, entityCount }) => ({ subgraph, ok, entityCount }))).toEqual([
      { subgraph: 'product', ok: true, entityCount: undefined },
      { subgraph: 'pricing', ok: true, entityCount: 4 },
    ]);
  });
});
