import type { GraphQLFormattedError } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import type { UpstreamSettings } from '../../../gateway/src/config/upstream-config.js';
import {
  createGatewayMetrics,
  type GatewayMetrics,
} from '../../../gateway/src/observability/gateway-metrics.js';
import { gatewayTelemetry } from '../../../gateway/src/observability/gateway-telemetry.js';
import { startGateway } from '../../../gateway/src/start-gateway.js';
import { createUpstream, type Upstream } from '../../../gateway/src/upstream/create-upstream.js';
import { silentLogger } from '../../../platform/logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  composeOrThrow,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

/** How long to wait for a fake subgraph to see a request or a hang-up: room for a loaded 2-core machine. */
const WAIT = { timeout: 10_000, interval: 20 };

const PRODUCTS = [
  { id: 'p1', name: 'Kettle', price: 2_500 },
  { id: 'p2', name: 'Teapot', price: 1_800 },
  { id: 'p3', name: 'Mug', price: 900 },
];

const PRODUCTS_SDL = `${federationLink(['@key'])}
  type Query { products: [Product!]! }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const PRICES_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! price: Int }
  type Mutation { setPrice(id: ID!, amount: Int!): Int }`;

const LIST_WITH_PRICES = '{ products { id name price } }';
/** The per-attempt timeout `startWith` gives the subgraphs. */
const TIMEOUT_MS = 800;
/** A safety net, not an assertion: a gateway that never answers fails its test instead of stalling it. */
const GIVE_UP_MS = 11_500;

let federation: RunningFederation;
let prices: FaultSubgraph;
let supergraphSdl: string;
let gateway: { url: string; close(): Promise<unknown> } | undefined;
let upstream: Upstream | undefined;
let metrics: GatewayMetrics;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

interface Answer {
  status: number;
  data?: {
    products?: { id: string; name: string; price: number | null }[] | null;
    setPrice?: number | null;
  } | null;
  errors?: GraphQLFormattedError[];
}

async function post(query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gateway!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(GIVE_UP_MS),
  });
  const body = (await response.json()) as Omit<Answer, 'status'>;
  return { status: response.status, ...body };
}

/** A gateway in front of the products subgraph and the fault-injecting prices subgraph. */
async function startWith(settings: Partial<UpstreamSettings> = {}): Promise<Upstream> {
  metrics = createGatewayMetrics();
  upstream = createUpstream({
    subgraphs: [
      { name: 'products', url: federation.subgraphs.find(({ name }) => name === 'products')!.url },
      { name: 'prices', url: prices.url },
    ],
    settings: { retryBaseDelayMs: 1, retryMaxDelayMs: 20, timeoutMs: TIMEOUT_MS, ...settings },
    log: silentLogger(),
    metrics,
  });
  gateway = await startGateway(gatewayConfig({ core: { port: 0 } }), {
    supergraphSdl,
    log: silentLogger(),
    client: upstream.client,
    ...gatewayTelemetry(metrics),
  });
  return upstream;
}

/** Asserts the answer kept the products subgraph's data and nulled only the prices it owns. */
function expectPartialPrices(answer: Answer, code: string): void {
  expect(answer.data?.products?.map(({ id, name }) => ({ id, name }))).toEqual(
    PRODUCTS.map(({ id, name }) => ({ id, name })),
  );
  expect(answer.data?.products?.every((product) => product.price === null)).toBe(true);
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors ?? []) {
    expect(error.extensions).toMatchObject({ code, serviceName: 'prices' });
    expect(error.path?.[0]).toBe('products');
    // Concrete list indices, never a placeholder such as '@'.
    expect(
      error.path?.every((segment) => typeof segment === 'number' || /^[A-Za-z_]\w*$/.test(segment)),
    ).toBe(true);
    expect(error.path?.some((segment) => typeof segment === 'number')).toBe(true);
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  federation = await startFixtureSubgraphs('faults', [
    {
      name: 'products',
      sdl: PRODUCTS_SDL,
      resolvers: { Query: { products: () => PRODUCTS.map(({ id, name }) => ({ id, name })) } },
    },
    {
      name: 'prices',
      sdl: PRICES_SDL,
      resolvers: {
        Product: {
          __resolveReference: ({ id }: { id: string }) => ({ id }),
          price: ({ id }: { id: string }) => PRODUCTS.find((product) => product.id === id)?.price ?? null,
        },
        Mutation: { setPrice: (_: unknown, { amount }: { amount: number }) => amount },
      },
    },
  ]);
  const realPrices = federation.subgraphs.find(({ name }) => name === 'prices')!.url;
  prices = await startFaultSubgraph({ target: realPrices });
  supergraphSdl = composeOrThrow('faults', [
    {
      name: 'products',
      url: federation.subgraphs.find(({ name }) => name === 'products')!.url,
      sdl: PRODUCTS_SDL,
    },
    { name: 'prices', url: prices.url, sdl: PRICES_SDL },
  ]);
});

afterEach(async () => {
  vi.useRealTimers();
  await gateway?.close();
  await upstream?.close();
  gateway = undefined;
  upstream = undefined;
  prices.reset();
});

afterAll(async () => {
  await prices?.close();
  await federation?.close();
  process.off('unhandledRejection', onUnhandled);
});

describe('gateway under subgraph faults', () => {
  it('answers in full when every subgraph is healthy', async () => {
    await startWith();

    const answer = await post(LIST_WITH_PRICES);

    expect(answer.errors).toBeUndefined();
    expect(answer.data?.products).toEqual(PRODUCTS);
  });

  it.each([
    ['answers 500', { kind: 'status', status: 500 } as const, 'SUBREQUEST_HTTP_ERROR'],
    ['answers malformed JSON', { kind: 'malformed' } as const, 'SUBGRAPH_BAD_RESPONSE'],
    ['cuts the connection mid-body', { kind: 'cut' } as const, 'SUBGRAPH_BAD_RESPONSE'],
    ['answers an oversized body', { kind: 'oversized', bytes: 200_000 } as const, 'SUBGRAPH_BAD_RESPONSE'],
  ])('returns partial data with the right code when a subgraph %s', async (_, fault, code) => {
    await startWith({ maxResponseBytes: 100_000 });
    prices.setFault(fault);

    const answer = await post(LIST_WITH_PRICES);

    expectPartialPrices(answer, code);
  });

  it.each([
    ['hangs', { kind: 'hang' } as const],
    ['answers slower than its timeout', { kind: 'slow', delayMs: 1_500 } as const],
  ])('gives up on a subgraph that %s at its timeout, with partial data', async (_, fault) => {
    await startWith();
    prices.setFault(fault);

    const answer = await post(LIST_WITH_PRICES);

    expectPartialPrices(answer, 'GATEWAY_TIMEOUT');
    // The subgraph's timeout fired: as undici's headers timeout (the same setting) or the attempt's signal.
    const timedOut = new RegExp(
      `^Subgraph 'prices' (timed out: |did not answer within its ${TIMEOUT_MS} ms timeout \\(attempt \\d+\\)\\.$)`,
    );
    for (const error of answer.errors ?? []) expect(error.message).toMatch(timedOut);
    // Each attempt was sent with the attempt's budget and hung up on before the subgraph answered.
    expect(prices.requests.length).toBeGreaterThan(0);
    for (const request of prices.requests) {
      expect(Number(request.headers['x-request-budget-ms'])).toBeLessThanOrEqual(TIMEOUT_MS);
    }
    await vi.waitFor(() => expect(prices.abandoned).toBe(prices.requests.length), WAIT);
  });

  it('returns partial data with SUBGRAPH_UNREACHABLE when a subgraph is down', async () => {
    await startWith();
    await prices.down();
    try {
      const answer = await post(LIST_WITH_PRICES);

      expectPartialPrices(answer, 'SUBGRAPH_UNREACHABLE');
    } finally {
      await prices.up();
    }
  });

  it('keeps the status of a non-2xx answer in the error extensions', async () => {
    await startWith({ retryMaxAttempts: 0 });
    prices.setFault({ kind: 'status', status: 503 });

    const answer = await post(LIST_WITH_PRICES);

    expectPartialPrices(answer, 'SUBREQUEST_HTTP_ERROR');
    // Apollo Router's shape and @apollo/gateway's; neither becomes the status of the whole response.
    expect(answer.status).toBe(200);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      http: { status: 503 },
      response: { status: 503 },
    });
  });

  it('answers at its deadline with DEADLINE_EXCEEDED when a subgraph outlasts it', async () => {
    await startWith({ timeoutMs: 30_000 });
    prices.setFault({ kind: 'hang' });

    const answer = await post(LIST_WITH_PRICES, { 'x-request-timeout-ms': '500' });

    expectPartialPrices(answer, 'DEADLINE_EXCEEDED');
    expect(answer.errors?.[0]?.message).toBe(
      "The request deadline passed before subgraph 'prices' answered.",
    );
    // The client's 500 ms, not the subgraph's 30 s timeout, bounded the one call: the subgraph was
    // told so, and hung up on.
    expect(prices.requests).toHaveLength(1);
    expect(Number(prices.requests[0]?.headers['x-request-budget-ms'])).toBeLessThanOrEqual(500);
    await vi.waitFor(() => expect(prices.abandoned).toBe(1), WAIT);
  });

  it('retries a query after 502 and 503 answers', async () => {
    await startWith();
    prices.script({ kind: 'status', status: 502 }, { kind: 'status', status: 503 });

    const answer = await post(LIST_WITH_PRICES);

    expect(answer.errors).toBeUndefined();
    expect(answer.data?.products).toEqual(PRODUCTS);
    expect(prices.requests).toHaveLength(3);
  });

  it('never retries a mutation', async () => {
    await startWith();
    prices.script({ kind: 'status', status: 503 });

    const answer = await post('mutation { setPrice(id: "p1", amount: 100) }');

    expect(answer.data?.setPrice ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
      serviceName: 'prices',
    });
    expect(prices.requests).toHaveLength(1);
  });

  it('opens the breaker after the configured failures, fails fast without reaching the subgraph, and closes after the cool-down', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const states = await startWith({ breakerConsecutiveFailures: 3, breakerHalfOpenAfterMs: 30_000 });
    prices.setFault({ kind: 'status', status: 500 });
    for (let i = 0; i < 3; i++) expectPartialPrices(await post(LIST_WITH_PRICES), 'SUBREQUEST_HTTP_ERROR');
    expect(prices.requests).toHaveLength(3);

    const failingFast = await post(LIST_WITH_PRICES);

    expectPartialPrices(failingFast, 'CIRCUIT_OPEN');
    expect(prices.requests).toHaveLength(3);
    expect(states.breakerStates()).toMatchObject({ prices: 'open' });

    prices.setFault({ kind: 'healthy' });
    vi.setSystemTime(Date.now() + 30_001);

    const recovered = await post(LIST_WITH_PRICES);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.products).toEqual(PRODUCTS);
    expect(states.breakerStates()).toMatchObject({ prices: 'closed' });
    expect(prices.requests).toHaveLength(4);
  });

  it('shows requests, failures by code and subgraph, entity batches and plan cache use in /metrics', async () => {
    await startWith({ retryMaxAttempts: 0 });
    prices.script({ kind: 'malformed' });
    await post(LIST_WITH_PRICES);
    await post(LIST_WITH_PRICES);

    const text = await (await fetch(new URL('/metrics', gateway!.url))).text();

    for (const line of [
      'hexagraph_gateway_fetch_duration_seconds_count{subgraph="prices",outcome="SUBGRAPH_BAD_RESPONSE"} 1',
      'hexagraph_gateway_fetch_duration_seconds_count{subgraph="prices",outcome="ok"} 1',
      'hexagraph_gateway_errors_total{code="SUBGRAPH_BAD_RESPONSE",subgraph="prices"} 3',
      'hexagraph_gateway_request_duration_seconds_count{operation="(anonymous)",outcome="partial"} 1',
      'hexagraph_gateway_request_duration_seconds_count{operation="(anonymous)",outcome="success"} 1',
      'hexagraph_gateway_entity_batch_size_sum{subgraph="prices"} 6',
      'hexagraph_gateway_plan_cache_total{result="miss"} 1',
      'hexagraph_gateway_plan_cache_total{result="hit"} 1',
      'hexagraph_gateway_breaker_state{subgraph="prices",state="closed"} 1',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('keeps serving after every fault, and leaves no promise rejection unhandled', async () => {
    await startWith();

    const answer = await post(LIST_WITH_PRICES);

    expect(answer.data?.products).toEqual(PRODUCTS);
    expect(unhandled).toEqual([]);
  });
});
