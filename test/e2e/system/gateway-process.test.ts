import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../gateway/src/security/trusted-document-store.js';
import { seedProductSnapshots } from '../../../subgraphs/product/adapters/seed-catalog.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../helpers/otlp-receiver.js';
import {
  startRedisServer,
  type ThrowawayRedisServer,
  uniqueRedisNamespace,
} from '../../helpers/redis-server.js';
import { seededInventory, seededPrice } from '../../helpers/seeded-catalog.js';
import { startNpmScript, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// The processes that ship, started as the README starts them (`npm run start:<name>`): the three
// subgraphs on Redis, and the gateway from the committed supergraph with SUBGRAPH_URL_<NAME>
// pointing at them, Redis for persisted queries and rate limits, once in production mode (trusted
// documents enforced, spans exported over OTLP/HTTP) and once in development mode (NODE_ENV unset).

const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;
const SECRET = randomBytes(32).toString('hex');
const RATE_LIMIT_BURST = 3;
const CLIENT_TRACE_ID = randomBytes(16).toString('hex');
const CLIENT_SPAN_ID = randomBytes(8).toString('hex');
const operation = (file: string) =>
  readFileSync(join(import.meta.dirname, '../../../schema/operations', file), 'utf8');
const LISTING = operation('products-with-price-and-stock.graphql');
const PRODUCT_PRICE = operation('product-price.graphql');
const UNTRUSTED = '{ product(id: "p-0001") { sku } }';

let redis: ThrowawayRedisServer;
let namespace: string;
let receiver: OtlpReceiver;
/** In front of pricing: what the gateways send it, headers included. */
let pricingProxy: FaultSubgraph;
const processes: TsxProcess[] = [];
const subgraphUrls = {} as Record<(typeof SUBGRAPHS)[number], string>;
const gateways = {} as Record<
  'production' | 'development',
  { process: TsxProcess; url: string; adminUrl?: string }
>;

const loopback = (url: string) => url.replace('//localhost:', '//127.0.0.1:');

async function untilReady(url: string, what: string): Promise<void> {
  await waitUntil(
    () =>
      fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.status,
        () => 0,
      ),
    (status) => status === 200,
    { timeoutMs: 60_000, intervalMs: 100, what: `${what} to be ready` },
  );
}

async function startSubgraph(name: (typeof SUBGRAPHS)[number]): Promise<void> {
  const child = startNpmScript(
    `start:${name}`,
    {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE: 'redis',
      REDIS_URL: redis.url,
      REDIS_NAMESPACE: namespace,
      SUBGRAPH_SIGNING_SECRET: SECRET,
      LOG_LEVEL: 'info',
    },
    180_000,
  );
  processes.push(child);
  const [, url] = await child.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage":"redis"/, 90_000);
  subgraphUrls[name] = loopback(url!);
  await untilReady(subgraphUrls[name], name);
}

async function startGatewayProcess(mode: 'production' | 'development'): Promise<void> {
  const production = mode === 'production';
  const child = startNpmScript(
    'start:gateway',
    {
      NODE_ENV: production ? 'production' : undefined,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SUPERGRAPH_PATH: undefined,
      SUBGRAPH_URLS: undefined,
      SUBGRAPH_URL_PRODUCT: subgraphUrls.product,
      SUBGRAPH_URL_INVENTORY: subgraphUrls.inventory,
      SUBGRAPH_URL_PRICING: pricingProxy.url,
      SUBGRAPH_SIGNING_SECRET: SECRET,
      REDIS_URL: redis.url,
      REDIS_CLUSTER_NODES: undefined,
      REDIS_NAMESPACE: namespace,
      // Generous Redis waits: on a loaded machine the defaults would fail open, not limit.
      RATE_LIMIT_REDIS_TIMEOUT_MS: '2000',
      PERSISTED_QUERIES_REDIS_TIMEOUT_MS: '2000',
      RATE_LIMIT_BURST: String(RATE_LIMIT_BURST),
      RATE_LIMIT_PER_SECOND: '0.001',
      RATE_LIMIT_KEY_HEADER: 'x-api-key',
      TRUSTED_DOCUMENTS: production ? 'enforce' : 'off',
      // One subgraph's own setting: the production gateway never retries pricing.
      UPSTREAM_PRICING_RETRY_MAX_ATTEMPTS: production ? '0' : undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: production ? receiver.endpoint : undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    180_000,
  );
  processes.push(child);
  const [, url] = await child.waitForOutput(/"url":"(http:\/\/localhost:\d+\/graphql)"/, 90_000);
  gateways[mode] = { process: child, url: loopback(url!) };
  if (production) {
    const [, adminUrl] = await child.waitForOutput(/"adminUrl":"(http:\/\/localhost:\d+)"/, 30_000);
    gateways[mode].adminUrl = loopback(adminUrl!);
  }
  await untilReady(gateways[mode].url, `the ${mode} gateway`);
}

beforeAll(async () => {
  redis = await startRedisServer({ throwaway: true });
  namespace = uniqueRedisNamespace('gateway-process');
  receiver = await startOtlpReceiver();
  await Promise.all(SUBGRAPHS.map(startSubgraph));
  pricingProxy = await startFaultSubgraph({ target: subgraphUrls.pricing });
  await Promise.all([startGatewayProcess('production'), startGatewayProcess('development')]);
}, 240_000);

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop('SIGKILL')));
  await receiver?.close();
  await pricingProxy?.close();
  await redis?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** POSTs to a gateway; each call is its own rate-limit client unless `x-api-key` says otherwise. */
async function post(
  mode: 'production' | 'development',
  payload: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(gateways[mode].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': randomUUID(), ...headers },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

/** The storefront listing as the seeded catalogs of the three subgraphs make it. */
function expectedListing() {
  return seedProductSnapshots(100).map(({ id, name }) => {
    const price = seededPrice(id);
    const stock = seededInventory(id);
    return {
      id,
      name,
      price: { amount: price.saleAmount ?? price.listAmount, currency: price.currency },
      inventory: { available: stock.onHand - stock.reserved },
      inStock: stock.inStock,
    };
  });
}

describe.each(['production', 'development'] as const)('the gateway process in %s mode', (mode) => {
  it('serves an operation across the three subgraph processes, reached through SUBGRAPH_URL_<NAME>', async () => {
    const pricingCallsBefore = pricingProxy.requests.length;

    const answer = await post(mode, { query: LISTING });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { products: expectedListing() } });
    // Pricing was reached at the URL SUBGRAPH_URL_PRICING gave, not the supergraph's.
    expect(pricingProxy.requests.length).toBeGreaterThan(pricingCallsBefore);
  });

  it('writes the access log line of a request to stdout on its own, with nothing else happening', async () => {
    const requestId = randomUUID();

    await post(mode, { query: LISTING }, { 'x-request-id': requestId });

    // Lines are written in batches; a lone one waits for the periodic flush, not for more lines.
    const [line] = await gateways[mode].process.waitForOutput(
      new RegExp(`\\{[^\\n]*"requestId":"${requestId}"[^\\n]*\\}`),
      10_000,
    );
    expect(JSON.parse(line!)).toMatchObject({
      msg: 'request',
      status: 200,
      operationName: 'ProductsWithPriceAndStock',
    });
  });

  it(
    mode === 'production'
      ? 'serves trusted documents, by their hash alone too, and refuses any other operation and introspection'
      : 'serves any operation and introspection, and knows no trusted document by its hash',
    async () => {
      const untrusted = await post(mode, { query: UNTRUSTED });
      const introspection = await post(mode, { query: '{ __schema { queryType { name } } }' });
      const trustedByHash = await post(mode, {
        variables: { productId: 'p-0002' },
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(PRODUCT_PRICE) } },
      });

      if (mode === 'production') {
        expect(untrusted.status).toBe(403);
        expect(untrusted.body.errors?.[0]?.extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
        expect(introspection.status).toBe(403);
        expect(introspection.body.errors?.[0]?.extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
        const price = seededPrice('p-0002');
        expect(trustedByHash.body).toEqual({
          data: { price: { ...price, amount: price.saleAmount ?? price.listAmount } },
        });
      } else {
        expect(untrusted.body).toEqual({ data: { product: { sku: seedProductSnapshots(1)[0]!.sku } } });
        expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
        expect(trustedByHash.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      }
    },
  );
});

describe('where the gateway processes serve /metrics and the detailed /readyz', () => {
  const get = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    return { status: response.status, text: await response.text() };
  };

  it('production: on the admin port only; clients get a bare /readyz and /healthz', async () => {
    const { url, adminUrl } = gateways.production;
    const client = url.replace(/\/graphql$/, '');
    expect(adminUrl).toBeDefined();
    expect(adminUrl).not.toBe(client);

    const [clientMetrics, clientReady, clientHealth, adminMetrics, adminReady] = await Promise.all([
      get(`${client}/metrics`),
      get(`${client}/readyz`),
      get(`${client}/healthz`),
      get(`${adminUrl}/metrics`),
      get(`${adminUrl}/readyz`),
    ]);

    expect(clientMetrics.status).toBe(404);
    expect(clientMetrics.text).not.toMatch(/hexagraph_/);
    expect(clientReady).toEqual({ status: 200, text: JSON.stringify({ status: 'ready' }) });
    expect(clientHealth.status).toBe(200);
    expect(adminMetrics.status).toBe(200);
    expect(adminMetrics.text).toMatch(/^# HELP hexagraph_gateway_breaker_state/m);
    expect(adminReady.status).toBe(200);
    expect(JSON.parse(adminReady.text)).toMatchObject({
      status: 'ready',
      subgraphs: expect.arrayContaining(['product', 'inventory', 'pricing']),
      breakers: { pricing: 'closed' },
    });
    // The admin port serves operators only: no GraphQL there.
    expect((await get(`${adminUrl}/graphql`)).status).toBe(404);
  });

  it('development: everything on the one port', async () => {
    const client = gateways.development.url.replace(/\/graphql$/, '');
    expect(gateways.development.process.output().stdout).not.toMatch(/"adminUrl"/);

    const [metrics, ready] = await Promise.all([get(`${client}/metrics`), get(`${client}/readyz`)]);

    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^# HELP hexagraph_gateway_breaker_state/m);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready', breakers: { pricing: 'closed' } });
  });
});

describe('the gateway processes with REDIS_URL', () => {
  it('register a persisted query in Redis and serve it by hash (development)', async () => {
    // An operation of this run only, so no earlier run's registration can answer for it.
    const query = `query Price_${randomBytes(4).toString('hex')} { price(productId: "p-0003") { currency } }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };

    const unknown = await post('development', { extensions: persisted });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post('development', { query, extensions: persisted });
    const byHash = await post('development', { extensions: persisted });

    const expected = { data: { price: { currency: seededPrice('p-0003').currency } } };
    expect(registered.body).toEqual(expected);
    expect(byHash.body).toEqual(expected);
    const direct = new Redis(redis.url);
    try {
      expect(await direct.exists(`${namespace}:gateway:apq:${sha256Hex(query)}`)).toBe(1);
    } finally {
      direct.disconnect();
    }
  });

  it('share one rate-limit bucket per client between the replicas, kept in Redis', async () => {
    const client = { 'x-api-key': randomUUID() };
    const warehouses = { query: operation('warehouses.graphql') };

    const allowed = [
      await post('development', warehouses, client),
      await post('production', warehouses, client),
      await post('development', warehouses, client),
    ];
    const limitedHere = await post('production', warehouses, client);
    const limitedThere = await post('development', warehouses, client);

    expect(allowed).toHaveLength(RATE_LIMIT_BURST);
    for (const answer of allowed) expect(answer.status).toBe(200);
    for (const answer of [limitedHere, limitedThere]) {
      expect(answer.status).toBe(429);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const direct = new Redis(redis.url);
    try {
      expect(await direct.keys(`${namespace}:rate:key:*`)).not.toEqual([]);
    } finally {
      direct.disconnect();
    }
  });

  it('export the spans of a request over OTLP/HTTP, under the client trace (production)', async () => {
    const requestId = randomUUID();
    const answer = await post(
      'production',
      { query: LISTING, operationName: 'ProductsWithPriceAndStock' },
      { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`, 'x-request-id': requestId },
    );
    expect(answer.status).toBe(200);

    const expectedNames = ['graphql request', 'plan', 'fetch product', 'fetch pricing', 'fetch inventory'];
    const spans = await waitUntil(
      () => receiver.spans.filter((span) => span.traceId === CLIENT_TRACE_ID),
      (found) => expectedNames.every((name) => found.some((span) => span.name === name)),
      { timeoutMs: 20_000, intervalMs: 50, what: `spans ${expectedNames.join(', ')} at the receiver` },
    );

    expect(receiver.refused).toEqual([]);
    const named = (name: string) => spans.find((span) => span.name === name)!;
    const request = named('graphql request');
    expect(request).toMatchObject({
      parentSpanId: CLIENT_SPAN_ID,
      kind: 2,
      scope: 'hexagraph-gateway',
      attributes: { 'hexagraph.request_id': requestId, 'http.response.status_code': 200 },
    });
    expect(named('plan')).toMatchObject({
      parentSpanId: request.spanId,
      attributes: { 'graphql.operation.name': 'ProductsWithPriceAndStock' },
    });
    // The subgraph hears of the trace as a child of its fetch span.
    const pricingCall = pricingProxy.requests.find((sent) => sent.headers['x-request-id'] === requestId);
    expect(pricingCall?.headers.traceparent).toBe(
      `00-${CLIENT_TRACE_ID}-${named('fetch pricing').spanId}-01`,
    );
    for (const subgraph of SUBGRAPHS) {
      expect(named(`fetch ${subgraph}`), subgraph).toMatchObject({
        parentSpanId: request.spanId,
        kind: 3,
        attributes: { 'hexagraph.subgraph': subgraph, 'graphql.operation.type': 'query' },
      });
    }
  });

  it('apply UPSTREAM_<NAME>_<SETTING> to that subgraph: pricing retried by default, not where it is 0', async () => {
    const request = {
      variables: { productId: 'p-0004' },
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(PRODUCT_PRICE) } },
    };
    const devRequest = { query: PRODUCT_PRICE, variables: request.variables };
    const price = seededPrice('p-0004');

    pricingProxy.script({ kind: 'status', status: 503 });
    const before = pricingProxy.requests.length;
    const retried = await post('development', devRequest);
    expect(retried.body).toEqual({
      data: { price: { ...price, amount: price.saleAmount ?? price.listAmount } },
    });
    expect(pricingProxy.requests.length - before).toBe(2);

    pricingProxy.script({ kind: 'status', status: 503 });
    const beforeProduction = pricingProxy.requests.length;
    const notRetried = await post('production', request);
    expect(notRetried.body.errors?.[0]?.extensions?.code).toBe('SUBREQUEST_HTTP_ERROR');
    expect(pricingProxy.requests.length - beforeProduction).toBe(1);
  });

  it('stop with exit code 0 on SIGTERM', async () => {
    const codes = await Promise.all([
      gateways.production.process.stop('SIGTERM'),
      gateways.development.process.stop('SIGTERM'),
    ]);
    expect(codes).toEqual([0, 0]);
    // The last line, logged just before the exit, was not left in the log's batch.
    for (const gateway of [gateways.production, gateways.development]) {
      expect(gateway.process.output().stdout).toMatch(/"msg":"shut down"\}\n$/);
    }
    // The admin listener closed with the client one.
    await expect(
      fetch(`${gateways.production.adminUrl}/healthz`, { signal: AbortSignal.timeout(15_000) }),
    ).rejects.toThrow();
  });
});
