import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpstreamSettings } from '../../../../gateway/src/config/upstream-config.js';
import {
  createGatewayMetrics,
  type GatewayMetrics,
} from '../../../../gateway/src/observability/gateway-metrics.js';
import { deadlineSignal } from '../../../../gateway/src/request/deadline.js';
import { createUpstream, type Upstream } from '../../../../gateway/src/upstream/create-upstream.js';
import type { SubgraphCallContext } from '../../../../gateway/src/upstream/subgraph-client.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../../helpers/fault-subgraph.js';

const query = { query: '{ product(id: "p1") { id } }' };
const healthyAnswer = { data: { product: { id: 'p1' } } };
const unavailable = { kind: 'status', status: 503, body: 'overloaded' } as const;

// Fast retries and a short attempt timeout; the breaker trips only when a test asks it to.
const testSettings: Partial<UpstreamSettings> = {
  timeoutMs: 2_000,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 20,
  breakerConsecutiveFailures: 100,
  breakerFailureRate: 0,
};

/** How long to wait for a fake subgraph to see a request or a hang-up: room for a loaded 2-core machine. */
const WAIT = { timeout: 10_000, interval: 20 };

let fake: FaultSubgraph;
let upstream: Upstream | undefined;
let metrics: GatewayMetrics;
let logLines: Record<string, unknown>[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function start(settings: Partial<UpstreamSettings> = {}): Upstream {
  metrics = createGatewayMetrics();
  logLines = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  upstream = createUpstream({
    subgraphs: [{ name: 'products', url: fake.url }],
    settings: { ...testSettings, ...settings },
    log,
    metrics,
  });
  return upstream;
}

/** A call as the gateway makes it: its signal is aborted at the deadline (or by `context.signal`). */
function call(context: Partial<SubgraphCallContext> = {}, request = query) {
  const { signal } = deadlineSignal(context.signal as AbortSignal | undefined, context.deadline);
  return upstream!.client.call('products', request, { operationKind: 'query', ...context, signal });
}

/** Another query than `query`: a call in flight for `query` is not shared with it. */
const otherQuery = { query: '{ product(id: "p2") { id } }' };

/** A sample's value; `name` may be a histogram's `_count` series. */
async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const samples = (await metrics.registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((value) => ({
      ...value,
      series: (value as { metricName?: string }).metricName ?? metric.name,
    })),
  );
  const sample = samples.find(
    (value) =>
      value.series === name &&
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return sample?.value ?? 0;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fake = await startFaultSubgraph({ respond: () => healthyAnswer });
});

afterEach(async () => {
  vi.useRealTimers();
  await upstream?.close();
  upstream = undefined;
  fake.reset();
});

afterAll(async () => {
  await fake.close();
  process.off('unhandledRejection', onUnhandled);
  // Over the whole file too: a rejection any test left unhandled fails the file.
  expect(unhandled).toEqual([]);
});

describe('retries', () => {
  it('retries a query after 503 and 502 answers and returns the answer that follows', async () => {
    start();
    fake.script(unavailable, { kind: 'status', status: 502 });

    await expect(call()).resolves.toEqual(healthyAnswer);

    expect(fake.requests).toHaveLength(3);
    expect(await metricValue('hexagraph_gateway_retries_total', { subgraph: 'products' })).toBe(2);
  });

  it('retries a connection the subgraph reset without answering', async () => {
    start();
    fake.script({ kind: 'reset' });

    await expect(call()).resolves.toEqual(healthyAnswer);
    expect(fake.requests).toHaveLength(2);
  });

  it('never retries a mutation', async () => {
    start();
    fake.script(unavailable);

    await expect(call({ operationKind: 'mutation' })).rejects.toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
      details: { httpStatus: 503 },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a 500 answer or a malformed body', async () => {
    start();
    fake.script({ kind: 'status', status: 500 }, { kind: 'malformed' });

    await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });
    await expect(call()).rejects.toMatchObject({ code: 'SUBGRAPH_BAD_RESPONSE' });
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After asks for longer than the longest backoff', async () => {
    start({ retryMaxDelayMs: 1_000 });
    fake.script({ kind: 'status', status: 429, retryAfter: '30' });

    await expect(call()).rejects.toMatchObject({ details: { httpStatus: 429 } });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not schedule a retry that would start after the deadline', async () => {
    start({ retryMaxDelayMs: 60_000 });
    fake.script({ kind: 'status', status: 503, retryAfter: '20' });

    await expect(call({ deadline: Date.now() + 5_000 })).rejects.toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('stops retrying once the retry budget is spent, so retries cannot multiply the load', async () => {
    start({ retryBudgetBurst: 1, retryBudgetRatio: 0 });
    fake.setFault(unavailable);

    await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });
    await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });

    // First call: one attempt + the one retry the budget allows; second call: one attempt.
    expect(fake.requests).toHaveLength(3);
  });
});

describe('timeouts and deadlines', () => {
  it('fails a hanging subgraph with GATEWAY_TIMEOUT and aborts the request', async () => {
    start({ timeoutMs: 200 });
    fake.setFault({ kind: 'hang' });

    await expect(call()).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT', subgraph: 'products' });

    await vi.waitFor(() => expect(fake.abandoned).toBe(1), WAIT);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails with DEADLINE_EXCEEDED when the request deadline passes first, and aborts the request', async () => {
    start({ timeoutMs: 30_000 });
    fake.setFault({ kind: 'hang' });

    await expect(call({ deadline: Date.now() + 200 })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });

    await vi.waitFor(() => expect(fake.abandoned).toBe(1), WAIT);
  });

  it('gives up when the caller aborts its signal', async () => {
    start({ timeoutMs: 30_000 });
    fake.setFault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = call({ signal: controller.signal });
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1), WAIT);

    controller.abort();

    await expect(pending).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
  });

  it('sends the smaller of the attempt timeout and the remaining budget as x-request-budget-ms', async () => {
    start({ timeoutMs: 1_500 });

    await call({ deadline: Date.now() + 60_000 });
    await call({ deadline: Date.now() + 700 });

    const budgets = fake.requests.map((request) => Number(request.headers['x-request-budget-ms']));
    expect(budgets[0]).toBeLessThanOrEqual(1_500);
    expect(budgets[0]).toBeGreaterThan(700);
    expect(budgets[1]).toBeLessThanOrEqual(700);
  });
});

describe('circuit breaker', () => {
  it('opens after the configured consecutive failures, then fails fast without reaching the subgraph', async () => {
    const states = start({ breakerConsecutiveFailures: 3, breakerHalfOpenAfterMs: 60_000 });
    fake.setFault({ kind: 'status', status: 500 });

    for (let i = 0; i < 3; i++) await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });
    expect(states.breakerStates()).toEqual({ products: 'open' });

    await expect(call()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', subgraph: 'products' });
    await expect(call()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(fake.requests).toHaveLength(3);
    expect(
      await metricValue('hexagraph_gateway_breaker_state', { subgraph: 'products', state: 'open' }),
    ).toBe(1);
    expect(
      logLines.some((line) => line.msg === 'circuit breaker opened' && line.subgraph === 'products'),
    ).toBe(true);
  });

  it('lets one test call through after the cool-down and closes when the subgraph has recovered', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const states = start({ breakerConsecutiveFailures: 2, breakerHalfOpenAfterMs: 30_000 });
    fake.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    await expect(call()).rejects.toBeDefined();
    await expect(call()).rejects.toBeDefined();
    await expect(call()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });

    vi.setSystemTime(Date.now() + 30_001);

    await expect(call()).resolves.toEqual(healthyAnswer);
    expect(states.breakerStates()).toEqual({ products: 'closed' });
    await expect(call()).resolves.toEqual(healthyAnswer);
    expect(fake.requests).toHaveLength(4);
  });

  it('counts and logs every transition, half-open included, which a scrape of the state gauge would miss', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    start({ breakerConsecutiveFailures: 1, breakerHalfOpenAfterMs: 30_000 });
    fake.script({ kind: 'status', status: 500 });
    await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });

    vi.setSystemTime(Date.now() + 30_001);
    await expect(call()).resolves.toEqual(healthyAnswer);

    const transitions = (from: string, to: string) =>
      metricValue('hexagraph_gateway_breaker_transitions_total', { subgraph: 'products', from, to });
    expect(await transitions('closed', 'open')).toBe(1);
    expect(await transitions('open', 'half-open')).toBe(1);
    expect(await transitions('half-open', 'closed')).toBe(1);
    expect(await transitions('half-open', 'open')).toBe(0);
    expect(
      await metricValue('hexagraph_gateway_breaker_state', { subgraph: 'products', state: 'closed' }),
    ).toBe(1);
    const logged = logLines
      .filter((line) => line.subgraph === 'products' && 'from' in line)
      .map((line) => `${line.from}->${line.to}`);
    expect(logged).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('opens again when the half-open test call fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const states = start({ breakerConsecutiveFailures: 1, breakerHalfOpenAfterMs: 30_000 });
    fake.setFault({ kind: 'status', status: 500 });
    await expect(call()).rejects.toBeDefined();

    vi.setSystemTime(Date.now() + 30_001);
    await expect(call()).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });

    expect(states.breakerStates()).toEqual({ products: 'open' });
    await expect(call()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(fake.requests).toHaveLength(2);
    expect(
      await metricValue('hexagraph_gateway_breaker_transitions_total', {
        subgraph: 'products',
        from: 'half-open',
        to: 'open',
      }),
    ).toBe(1);
  });

  it('opens on the failure rate over its window', async () => {
    const states = start({
      breakerConsecutiveFailures: 0,
      breakerFailureRate: 0.5,
      breakerMinimumCalls: 4,
      breakerWindowMs: 60_000,
    });
    fake.script({ kind: 'healthy' }, { kind: 'status', status: 500 }, { kind: 'healthy' });
    fake.setFault({ kind: 'status', status: 500 });

    await call();
    await expect(call()).rejects.toBeDefined();
    await call();
    await expect(call()).rejects.toBeDefined();
    expect(states.breakerStates()).toEqual({ products: 'closed' });
    await expect(call()).rejects.toBeDefined();

    expect(states.breakerStates()).toEqual({ products: 'open' });
  });

  it('does not count GraphQL errors in a 200 answer, 4xx answers or a spent client deadline as failures', async () => {
    const states = start({ breakerConsecutiveFailures: 1, timeoutMs: 30_000 });
    fake.script(
      { kind: 'status', status: 200, body: { data: null, errors: [{ message: 'no such product' }] } },
      { kind: 'status', status: 400, body: { errors: [{ message: 'bad query' }] } },
      { kind: 'hang' },
    );

    await expect(call()).resolves.toMatchObject({ errors: [{ message: 'no such product' }] });
    await expect(call()).rejects.toMatchObject({ details: { httpStatus: 400 } });
    await expect(call({ deadline: Date.now() + 100 })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });

    expect(states.breakerStates()).toEqual({ products: 'closed' });
  });
});

describe('bulkhead', () => {
  it('rejects calls beyond the concurrency and queue limits with BULKHEAD_FULL, without sending them', async () => {
    start({ bulkheadMaxConcurrent: 1, bulkheadMaxQueue: 0, timeoutMs: 30_000 });
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const first = call({ signal: controller.signal });
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1), WAIT);

    await expect(call({}, otherQuery)).rejects.toMatchObject({ code: 'BULKHEAD_FULL', subgraph: 'products' });

    controller.abort();
    await expect(first).rejects.toBeDefined();
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a queued call with DEADLINE_EXCEEDED when its deadline passes while it waits', async () => {
    start({ bulkheadMaxConcurrent: 1, bulkheadMaxQueue: 1, timeoutMs: 30_000 });
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const first = call({ signal: controller.signal });
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1), WAIT);

    await expect(call({ deadline: Date.now() + 100 }, otherQuery)).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
    });

    controller.abort();
    await expect(first).rejects.toBeDefined();
    expect(fake.requests).toHaveLength(1);
  });
});

describe('observability', () => {
  it('logs a failed call with the correlation id, HTTP status and the first bytes of the body', async () => {
    start();
    fake.script({ kind: 'status', status: 500, body: 'database is on fire' });

    await expect(call({ requestId: 'req-7' })).rejects.toBeDefined();

    expect(logLines).toContainEqual(
      expect.objectContaining({
        requestId: 'req-7',
        subgraph: 'products',
        code: 'SUBREQUEST_HTTP_ERROR',
        httpStatus: 500,
        body: 'database is on fire',
      }),
    );
  });

  it('records each call in the fetch histogram by subgraph and outcome', async () => {
    start();
    fake.script({ kind: 'malformed' });

    await expect(call()).rejects.toBeDefined();
    await call();

    const count = (outcome: string) =>
      metricValue('hexagraph_gateway_fetch_duration_seconds_count', { subgraph: 'products', outcome });
    expect(await count('SUBGRAPH_BAD_RESPONSE')).toBe(1);
    expect(await count('ok')).toBe(1);
  });

  it('leaves no promise rejection unhandled when calls time out, are aborted, shed or cut off', async () => {
    unhandled.length = 0;
    const states = start({
      timeoutMs: 200,
      breakerConsecutiveFailures: 1,
      breakerHalfOpenAfterMs: 60_000,
      bulkheadMaxConcurrent: 1,
      bulkheadMaxQueue: 0,
    });
    fake.setFault({ kind: 'hang' });
    const controller = new AbortController();
    const aborted = call({ signal: controller.signal }, otherQuery);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1), WAIT);
    await expect(call()).rejects.toMatchObject({ code: 'BULKHEAD_FULL' });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    // The aborted call frees its bulkhead slot once its request has wound down.
    await vi.waitFor(
      async () => expect(await call().catch((error: { code: string }) => error.code)).toBe('GATEWAY_TIMEOUT'),
      WAIT,
    );
    expect(states.breakerStates()).toEqual({ products: 'open' });
    await expect(call()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    await upstream!.close();

    // Node reports an unhandled rejection after the microtasks of the turn that left it.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});
