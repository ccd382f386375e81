import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProductSnapshots } from '../../../subgraphs/product/adapters/seed-catalog.js';
import { postGraphQL } from '../../helpers/graphql-over-http.js';
import { aProduct } from '../../helpers/product-builders.js';
import { connectToCluster, startRedisCluster, type TestRedisCluster } from '../../helpers/redis-cluster.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { describeDeadLettersWithProcesses } from '../scripts/dead-letters-with-processes.js';

const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

let cluster: TestRedisCluster;
let client: Cluster;
const processes: TsxProcess[] = [];
const urls = {} as Record<Subgraph, string>;
let namespace: string;

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = await connectToCluster(cluster);
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop('SIGKILL')));
  client?.disconnect();
  await cluster?.stop();
});

describe('the subgraph processes with REDIS_CLUSTER_NODES', () => {
  beforeAll(async () => {
    namespace = uniqueRedisNamespace('main');
    await Promise.all(
      SUBGRAPHS.map(async (name) => {
        const child = startTsxProcess(`subgraphs/${name}/main.ts`, {
          PORT: '0',
          HOST: '127.0.0.1',
          STORAGE: 'redis',
          REDIS_CLUSTER_NODES: cluster.seeds,
          REDIS_NAMESPACE: namespace,
          LOG_LEVEL: 'info',
        });
        processes.push(child);
        const [, url] = await child.waitForOutput(
          /"url":"(http:\/\/[^"]+\/graphql)","storage":"redis"/,
          40_000,
        );
        urls[name] = url!.replace('localhost', '127.0.0.1');
      }),
    );
    for (const name of SUBGRAPHS) {
      await waitUntil(
        () => fetch(urls[name].replace('/graphql', '/readyz')).then((response) => response.status),
        (status) => status === 200,
        { what: `${name} to be ready`, intervalMs: 100, timeoutMs: 30_000 },
      );
    }
  }, 90_000);

  it('seed and serve the catalog from the cluster', async () => {
    const [first] = seedProductSnapshots(1);
    const product = await postGraphQL(urls.product, { query: '{ product(id: "p-0001") { sku name } }' });
    const stock = await postGraphQL(urls.inventory, {
      query:
        '{ _entities(representations: [{ __typename: "Product", id: "p-0001" }]) { ... on Product { inStock } } }',
    });
    const price = await postGraphQL(urls.pricing, { query: '{ price(productId: "p-0001") { currency } }' });

    expect(product.body).toEqual({ data: { product: { sku: first!.sku, name: first!.name } } });
    expect(stock.body.errors).toBeUndefined();
    expect(price.body.data?.price).not.toBeNull();
    const perMaster = await cluster.keysByMaster(`{${namespace}:*`);
    expect([...perMaster.values()].filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('give a product created through the product subgraph its default price in pricing', async () => {
    const created = await postGraphQL(urls.product, {
      query: 'mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      variables: { input: aProduct({ sku: 'EL-9002-ZZ' }) },
    });
    const productId = (created.body.data?.createProduct as { id: string } | undefined)?.id;
    expect(productId, JSON.stringify(created.body)).toBeDefined();

    const priced = await waitUntil(
      () => postGraphQL(urls.pricing, { query: `{ price(productId: "${productId}") { listAmount } }` }),
      (answer) => answer.body.data?.price != null,
      { what: 'pricing to price the new product', intervalMs: 100, timeoutMs: 20_000 },
    );
    expect(priced.body.data).toEqual({ price: { listAmount: 999 } });
  });

  it('reserve and release stock', async () => {
    const reserved = await postGraphQL(urls.inventory, {
      query: 'mutation { reserveStock(productId: "p-0002", quantity: 1) { id status } }',
    });
    const reservation = reserved.body.data?.reserveStock as { id: string; status: string } | undefined;
    expect(reservation, JSON.stringify(reserved.body)).toMatchObject({ status: 'ACTIVE' });

    const released = await postGraphQL(urls.inventory, {
      query: `mutation { releaseReservation(id: "${reservation!.id}") { status } }`,
    });
    expect(released.body).toEqual({ data: { releaseReservation: { status: 'RELEASED' } } });
  });
});

describeDeadLettersWithProcesses('Redis Cluster', () => ({
  env: { REDIS_CLUSTER_NODES: cluster.seeds },
  redis: client,
  tagged: true,
}));
