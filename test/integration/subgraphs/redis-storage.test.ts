import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProductSnapshots } from '../../../subgraphs/product/adapters/seed-catalog.js';
import { postGraphQL } from '../../helpers/graphql-over-http.js';
import { aProduct } from '../../helpers/product-builders.js';
import { startRedisServer, type TestRedisServer, uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { seededInventory, seededPrice } from '../../helpers/seeded-catalog.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

let redis: TestRedisServer;
const processes: TsxProcess[] = [];
const urls = {} as Record<Subgraph, string>;

beforeAll(async () => {
  redis = await startRedisServer();
  const namespace = uniqueRedisNamespace('main');
  await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const child = startTsxProcess(`subgraphs/${name}/main.ts`, {
        PORT: '0',
        HOST: '127.0.0.1',
        STORAGE: 'redis',
        REDIS_URL: redis.url,
        REDIS_NAMESPACE: namespace,
        LOG_LEVEL: 'info',
      });
      processes.push(child);
      const [, url] = await child.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage":"redis"/);
      urls[name] = url!.replace('localhost', '127.0.0.1');
    }),
  );
  for (const name of SUBGRAPHS) {
    await waitUntil(
      () => fetch(urls[name].replace('/graphql', '/readyz')).then((response) => response.status),
      (status) => status === 200,
      { what: `${name} to be ready`, intervalMs: 100, timeoutMs: 20_000 },
    );
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop('SIGKILL')));
  await redis?.stop();
});

describe('the subgraph processes with STORAGE=redis', () => {
  it('serve the seeded catalog from Redis', async () => {
    const [first] = seedProductSnapshots(1);
    const product = await postGraphQL(urls.product, { query: '{ product(id: "p-0001") { sku name } }' });
    const stock = await postGraphQL(urls.inventory, {
      query:
        '{ _entities(representations: [{ __typename: "Product", id: "p-0001" }]) { ... on Product { inStock inventory { onHand reserved warehouses { warehouse onHand reserved } } } } }',
    });
    const price = await postGraphQL(urls.pricing, {
      query: '{ price(productId: "p-0001") { currency listAmount saleAmount } }',
    });

    // An unseeded store answers too (zeros, null): only the seeded values prove the seed is there.
    expect(product.body).toEqual({ data: { product: { sku: first!.sku, name: first!.name } } });
    const { inStock, onHand, reserved, warehouses } = seededInventory('p-0001');
    const [entity] = (
      stock.body.data as { _entities: [{ inventory: { warehouses: { warehouse: string }[] } }] }
    )._entities;
    entity.inventory.warehouses.sort((a, b) => a.warehouse.localeCompare(b.warehouse));
    expect(stock.body).toEqual({
      data: { _entities: [{ inStock, inventory: { onHand, reserved, warehouses } }] },
    });
    expect(price.body).toEqual({ data: { price: seededPrice('p-0001') } });
  });

  it('give a product created through the product subgraph its default price in pricing', async () => {
    const created = await postGraphQL(urls.product, {
      query: 'mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      variables: { input: aProduct({ sku: 'EL-9001-ZZ' }) },
    });
    const productId = (created.body.data?.createProduct as { id: string } | undefined)?.id;
    expect(productId, JSON.stringify(created.body)).toBeDefined();

    const priced = await waitUntil(
      () =>
        postGraphQL(urls.pricing, {
          query: `{ price(productId: "${productId}") { currency listAmount saleAmount } }`,
        }),
      (answer) => answer.body.data?.price != null,
      { what: 'pricing to price the new product', intervalMs: 50 },
    );

    expect(priced.body.data).toEqual({ price: { currency: 'EUR', listAmount: 999, saleAmount: null } });
  });

  it('stop cleanly on SIGTERM, relay and consumer included', async () => {
    const codes = await Promise.all(processes.map((child) => child.stop('SIGTERM')));
    expect(codes).toEqual(SUBGRAPHS.map(() => 0));
  });
});
