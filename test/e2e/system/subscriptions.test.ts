import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeOverWs, type WsSubscriber } from '../../helpers/graphql-ws-subscriber.js';
import { startRedisServer, type TestRedisServer, uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// The whole system as an operator runs it: every subgraph on Redis (inventory's events reach its
// subscribers through the outbox relay's stream), every call signed, two gateway replicas.
const SECRET = randomBytes(32).toString('hex');
const PRODUCTION_LIKE = { NODE_ENV: undefined, LOG_LEVEL: 'info', HOST: '127.0.0.1' };
const STOCK_CHANGED = `subscription Watch($ids: [ID!]) {
  stockChanged(productIds: $ids) { warehouse reason available product { id name price { amount currency } } }
}`;
const PRODUCT = 'p-0001';
const WAIT = { timeoutMs: 60_000, intervalMs: 250 };
// The processes serve the whole file; each is killed after this long if the file forgets it.
const LIFETIME_MS = 900_000;

let redis: TestRedisServer;
let namespace: string;
const processes: TsxProcess[] = [];
const subgraphUrls: Record<string, string> = {};
let inventoryPort: number;
let inventory: TsxProcess;
const gateways: { process: TsxProcess; url: string }[] = [];

function startSubgraph(name: string, port = 0): TsxProcess {
  const subgraph = startTsxProcess(
    `subgraphs/${name}/main.ts`,
    {
      ...PRODUCTION_LIKE,
      PORT: String(port),
      STORAGE: 'redis',
      REDIS_URL: redis.url,
      REDIS_NAMESPACE: namespace,
      SUBGRAPH_SIGNING_SECRET: SECRET,
    },
    LIFETIME_MS,
  );
  processes.push(subgraph);
  return subgraph;
}

async function readyUrl(subgraph: TsxProcess): Promise<string> {
  const [, url] = await subgraph.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage"/, 60_000);
  const address = url!.replace('localhost', '127.0.0.1');
  await waitUntil(
    () => fetch(address.replace('/graphql', '/readyz')).then((response) => response.status),
    (status) => status === 200,
    { ...WAIT, what: `${address} to become ready` },
  );
  return address;
}

async function startGateway(env: Record<string, string> = {}) {
  const gateway = startTsxProcess(
    'gateway/src/main.ts',
    {
      ...PRODUCTION_LIKE,
      PORT: '0',
      SUPERGRAPH_PATH: undefined,
      SUBGRAPH_URLS: undefined,
      REDIS_URL: undefined,
      SUBGRAPH_SIGNING_SECRET: SECRET,
      SUBGRAPH_URL_PRODUCT: subgraphUrls.product,
      SUBGRAPH_URL_INVENTORY: subgraphUrls.inventory,
      SUBGRAPH_URL_PRICING: subgraphUrls.pricing,
      SUBSCRIPTION_RECONNECT_ATTEMPTS: '60',
      SUBSCRIPTION_RECONNECT_MAX_MS: '1000',
      ...env,
    },
    LIFETIME_MS,
  );
  processes.push(gateway);
  const [, port] = await gateway.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/, 60_000);
  return { process: gateway, url: `http://127.0.0.1:${port}/graphql` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Reserves one unit of PRODUCT at `warehouse` through `gateway`, as another client would. */
async function reserve(gatewayUrl: string, warehouse: string): Promise<void> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation Reserve($id: ID!, $w: String) { reserveStock(productId: $id, quantity: 1, warehouse: $w) { id } }',
      variables: { id: PRODUCT, w: warehouse },
    }),
  });
  const body = (await response.json()) as FormattedExecutionResult;
  expect(body.errors).toBeUndefined();
}

const warehouseOf = (result: FormattedExecutionResult) =>
  (result.data?.stockChanged as { warehouse?: string } | undefined)?.warehouse;

const changes = (subscriber: WsSubscriber) =>
  subscriber.results.filter((result) => result.data?.stockChanged);

/**
 * Reserves until every subscriber has heard a change: a subscription is live upstream some time
 * after it is admitted, and a change made before is (rightly) not sent.
 */
async function untilHeard(gatewayUrl: string, subscribers: WsSubscriber[]): Promise<void> {
  await waitUntil(
    async () => {
      if (subscribers.every((subscriber) => changes(subscriber).length > 0)) return true;
      await reserve(gatewayUrl, 'AMS');
      return false;
    },
    Boolean,
    { ...WAIT, intervalMs: 500, what: 'every subscriber to hear a stock change' },
  );
}

async function gatewayMetric(gatewayUrl: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(gatewayUrl.replace('/graphql', '/metrics'))).text();
  const match = text.split('\n').find((candidate) => line.test(candidate));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

beforeAll(async () => {
  redis = await startRedisServer();
  namespace = uniqueRedisNamespace('subscriptions');
  inventoryPort = await freePort();
  const product = startSubgraph('product');
  inventory = startSubgraph('inventory', inventoryPort);
  const pricing = startSubgraph('pricing');
  subgraphUrls.product = await readyUrl(product);
  subgraphUrls.inventory = await readyUrl(inventory);
  subgraphUrls.pricing = await readyUrl(pricing);
  gateways.push(await startGateway(), await startGateway());
}, 240_000);

afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
  await redis?.stop();
});

describe('stockChanged through two gateway replicas', { timeout: 180_000 }, () => {
  it("tells subscribers on both replicas of another client's reservations once each, name and price resolved", async () => {
    const [first, second] = gateways as [(typeof gateways)[0], (typeof gateways)[0]];
    const subscribers = [first, second].map((gateway) =>
      subscribeOverWs(gateway.url, { query: STOCK_CHANGED, variables: { ids: [PRODUCT] } }),
    );
    try {
      await untilHeard(second.url, subscribers);
      // The warm-up reserves at AMS only: what follows the first BER is what this test reserved.
      const warehouses = (subscriber: WsSubscriber) =>
        changes(subscriber).map((result) => warehouseOf(result));
      const fromMarker = (subscriber: WsSubscriber) => {
        const seen = warehouses(subscriber);
        const marker = seen.indexOf('BER');
        return marker < 0 ? [] : seen.slice(marker);
      };
      // In stream order: a duplicate of one change would come before the next one.
      for (const warehouse of ['BER', 'LIS', 'AMS']) await reserve(second.url, warehouse);
      await waitUntil(
        () => subscribers.map(fromMarker),
        (fresh) => fresh.every((list) => list.length >= 3),
        { ...WAIT, what: 'both subscribers to hear the three reservations' },
      );
      for (const subscriber of subscribers) {
        expect(fromMarker(subscriber)).toEqual(['BER', 'LIS', 'AMS']);
        const marker = changes(subscriber).find((result) => warehouseOf(result) === 'BER');
        expect(marker).toEqual({
          data: {
            stockChanged: {
              warehouse: 'BER',
              reason: 'RESERVED',
              available: expect.any(Number),
              product: {
                id: PRODUCT,
                name: expect.any(String),
                price: { amount: expect.any(Number), currency: expect.any(String) },
              },
            },
          },
        });
      }
      const name = await fetch(first.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ product(id: "${PRODUCT}") { name price { amount } } }` }),
      }).then((response) => response.json() as Promise<FormattedExecutionResult>);
      const last = changes(subscribers[0]!).at(-1)?.data?.stockChanged as { product?: unknown } | undefined;
      const product = last?.product;
      expect(product).toMatchObject(name.data?.product as object);
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.dispose()));
    }
  });

  it('shares one upstream subscription among many clients asking the same, and serves multipart HTTP too', async () => {
    const gateway = gateways[0]!;
    const clients = Array.from({ length: 5 }, () =>
      subscribeOverWs(gateway.url, { query: STOCK_CHANGED, variables: { ids: [PRODUCT] } }),
    );
    const multipart = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;subscriptionSpec="1.0", application/json',
      },
      body: JSON.stringify({ query: STOCK_CHANGED, variables: { ids: [PRODUCT] } }),
    });
    try {
      expect(multipart.headers.get('content-type')).toMatch(
        /^multipart\/mixed; boundary="-"; subscriptionSpec=1.0/,
      );
      await waitUntil(
        () => gatewayMetric(gateway.url, /^hexagraph_gateway_subscriptions\{transport="websocket"\}/),
        (count) => count === 5,
        { ...WAIT, what: 'five WebSocket subscriptions' },
      );
      await untilHeard(gateway.url, clients);
      expect(
        await gatewayMetric(gateway.url, /^hexagraph_gateway_upstream_subscriptions\{subgraph="inventory"\}/),
      ).toBe(1);
      const reader = multipart.body!.getReader();
      let text = '';
      await waitUntil(
        async () => {
          const chunk = await reader.read();
          text += new TextDecoder().decode(chunk.value ?? new Uint8Array());
          return text;
        },
        (seen) => seen.includes('"payload":{"data":{"stockChanged"'),
        { ...WAIT, what: 'a multipart part with a stock change' },
      );
      expect(text).toMatch(/"payload":\{"data":\{"stockChanged":\{"warehouse":"[A-Z]+","reason":"RESERVED"/);
      await reader.cancel();
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
    await waitUntil(
      () => gatewayMetric(gateway.url, /^hexagraph_gateway_upstream_subscriptions\{subgraph="inventory"\}/),
      (count) => count === 0,
      { ...WAIT, what: 'the upstream subscription to end with its last client' },
    );
  });

  it('tells the client when inventory restarts, reconnects with backoff, and events resume', async () => {
    const gateway = gateways[0]!;
    const subscriber = subscribeOverWs(gateway.url, { query: STOCK_CHANGED, variables: { ids: [PRODUCT] } });
    try {
      await untilHeard(gateway.url, [subscriber]);
      await inventory.stop('SIGKILL');
      await waitUntil(
        () =>
          subscriber.results.find(
            (result) => result.errors?.[0]?.extensions?.code === 'SUBSCRIPTION_INTERRUPTED',
          ),
        Boolean,
        { ...WAIT, what: 'the client to be told the subgraph dropped' },
      );
      const heard = changes(subscriber).length;
      inventory = startSubgraph('inventory', inventoryPort);
      await readyUrl(inventory);
      await waitUntil(
        async () => {
          if (changes(subscriber).length > heard) return true;
          await reserve(gateway.url, 'LIS');
          return false;
        },
        Boolean,
        { ...WAIT, timeoutMs: 90_000, intervalMs: 500, what: 'events to resume after the restart' },
      );
      expect(subscriber.results.find((result) => result.errors)).toMatchObject({
        errors: [
          { message: expect.stringMatching(/inventory subgraph's subscription connection .*reconnecting/) },
        ],
      });
    } finally {
      await subscriber.dispose();
    }
  });

  it('ends every stream with a close code when SIGTERM starts the drain, then exits 0', async () => {
    const gateway = gateways[1]!;
    const subscriber = subscribeOverWs(gateway.url, { query: STOCK_CHANGED, variables: { ids: [PRODUCT] } });
    const multipart = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;subscriptionSpec=1.0' },
      body: JSON.stringify({ query: STOCK_CHANGED, variables: { ids: [PRODUCT] } }),
    });
    await untilHeard(gateway.url, [subscriber]);
    const body = multipart.text();
    gateway.process.child.kill('SIGTERM');

    expect(await subscriber.closed).toEqual({ code: 1001, reason: 'The gateway is shutting down' });
    const text = await body;
    expect(text).toMatch(
      /\{"payload":null,"errors":\[\{"message":"The gateway is shutting down[^"]*","extensions":\{"code":"SUBSCRIPTION_ENDED"\}\}\]\}\r\n-----\r\n$/,
    );
    expect(await gateway.process.exited).toBe(0);
  });
});
