import type { GraphQLFormattedError } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import type { UpstreamSettings } from '../../../gateway/src/config/upstream-config.js';
import { createGatewayMetrics } from '../../../gateway/src/observability/gateway-metrics.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { capturedLogger } from '../../helpers/captured-logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  composeOrThrow,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

// The gateway builds its own upstream here (no `client` dependency), as `gateway-process.ts` does, so these tests
// see the wiring of metrics, readiness and logs end to end.

const PRODUCTS_SDL = `${federationLink(['@key'])}
  type Query { products: [Product!]! }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const PRICES_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! price: Int }`;
const PRODUCTS = [
  { id: 'p1', name: 'Kettle' },
  { id: 'p2', name: 'Teapot' },
];
const LIST_WITH_PRICES = '{ products { id name price } }';

let federation: RunningFederation;
let prices: FaultSubgraph;
let supergraphSdl: string;
let gateway: RunningGateway | undefined;

interface Answer {
  status: number;
  data?: { products?: { id: string; name: string; price: number | null }[] } | null;
  errors?: GraphQLFormattedError[];
}

async function post(query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gateway!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function get(path: string): Promise<Response> {
  return fetch(new URL(path, gateway!.url), { signal: AbortSignal.timeout(10_000) });
}

async function startWith(settings: Partial<UpstreamSettings>) {
  const { log, lines } = capturedLogger();
  const metrics = createGatewayMetrics();
  const config = gatewayConfig({
    core: { port: 0, host: '127.0.0.1' },
    upstream: { retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...settings },
  });
  gateway = await startGateway(config, { supergraphSdl, log, metrics });
  return { lines };
}

beforeAll(async () => {
  federation = await startFixtureSubgraphs('observability', [
    { name: 'products', sdl: PRODUCTS_SDL, resolvers: { Query: { products: () => PRODUCTS } } },
    {
      name: 'prices',
      sdl: PRICES_SDL,
      resolvers: { Product: { __resolveReference: ({ id }: { id: string }) => ({ id, price: 100 }) } },
    },
  ]);
  const url = (name: string) => federation.subgraphs.find((subgraph) => subgraph.name === name)!.url;
  prices = await startFaultSubgraph({ target: url('prices') });
  supergraphSdl = composeOrThrow('observability', [
    { name: 'products', url: url('products'), sdl: PRODUCTS_SDL },
    { name: 'prices', url: prices.url, sdl: PRICES_SDL },
  ]);
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  prices.reset();
});

afterAll(async () => {
  await prices?.close();
  await federation?.close();
});

describe('a failing subgraph, seen from outside the gateway', () => {
  it("answers a subgraph's 503 with HTTP 200, partial data and SUBREQUEST_HTTP_ERROR carrying the status", async () => {
    await startWith({ retryMaxAttempts: 0 });
    prices.setFault({ kind: 'status', status: 503, body: 'pricing database is down' });

    const answer = await post(LIST_WITH_PRICES);

    expect(answer.status).toBe(200);
    expect(answer.data?.products).toEqual(PRODUCTS.map((product) => ({ ...product, price: null })));
    expect(answer.errors).toHaveLength(PRODUCTS.length);
    for (const error of answer.errors ?? []) {
      expect(error.extensions).toMatchObject({
        code: 'SUBREQUEST_HTTP_ERROR',
        serviceName: 'prices',
        http: { status: 503 },
        response: { status: 503 },
      });
    }
  });

  it('logs a failing call with its HTTP status and the first bytes of its body, under the request id', async () => {
    const { lines } = await startWith({ retryMaxAttempts: 0 });
    prices.setFault({ kind: 'status', status: 502, body: 'bad gateway: pricing pod restarting' });

    await post(LIST_WITH_PRICES, { 'x-request-id': 'obs-502' });

    expect(lines.find((line) => line.msg === 'subgraph call failed')).toMatchObject({
      requestId: 'obs-502',
      subgraph: 'prices',
      code: 'SUBREQUEST_HTTP_ERROR',
      httpStatus: 502,
      body: 'bad gateway: pricing pod restarting',
    });
  });

  it('shows error codes, retries, breaker state and refusals in /metrics, and breakers in /readyz', async () => {
    await startWith({ retryMaxAttempts: 1, breakerConsecutiveFailures: 2, breakerHalfOpenAfterMs: 600_000 });
    prices.setFault({ kind: 'status', status: 503 });

    // Two calls (each retried once) open the breaker; the third fails fast without reaching prices.
    await post(LIST_WITH_PRICES);
    await post(LIST_WITH_PRICES);
    const failingFast = await post(LIST_WITH_PRICES);
    const refused = await fetch(gateway!.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{ products { id } }',
      signal: AbortSignal.timeout(10_000),
    });

    expect(failingFast.errors?.[0]?.extensions?.code).toBe('CIRCUIT_OPEN');
    expect(prices.requests).toHaveLength(4);
    expect(refused.status).toBe(415);
    const metrics = await (await get('/metrics')).text();
    for (const line of [
      `hexagraph_gateway_errors_total{code="SUBREQUEST_HTTP_ERROR",subgraph="prices"} ${2 * PRODUCTS.length}`,
      `hexagraph_gateway_errors_total{code="CIRCUIT_OPEN",subgraph="prices"} ${PRODUCTS.length}`,
      'hexagraph_gateway_errors_total{code="UNSUPPORTED_MEDIA_TYPE"} 1',
      'hexagraph_gateway_retries_total{subgraph="prices",reason="SUBREQUEST_HTTP_ERROR"} 2',
      'hexagraph_gateway_fetch_duration_seconds_count{subgraph="prices",outcome="SUBREQUEST_HTTP_ERROR"} 2',
      'hexagraph_gateway_fetch_duration_seconds_count{subgraph="products",outcome="ok"} 3',
      'hexagraph_gateway_breaker_state{subgraph="prices",state="open"} 1',
      'hexagraph_gateway_breaker_state{subgraph="products",state="closed"} 1',
      'hexagraph_gateway_request_duration_seconds_count{operation="(anonymous)",outcome="partial"} 3',
    ]) {
      expect(metrics).toContain(line);
    }
    const readiness = await get('/readyz');
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({
      status: 'ready',
      breakers: { products: 'closed', prices: 'open' },
    });
  });
});
