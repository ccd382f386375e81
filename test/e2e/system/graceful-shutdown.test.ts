import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DelayingTcpProxy, startDelayingTcpProxy } from '../../helpers/delaying-tcp-proxy.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import { productionLikeGatewayEnv } from '../../helpers/gateway-process-env.js';
import { connectionRefused, openPartialRequest } from '../../helpers/raw-http.js';
import { startRedisServer, type TestRedisServer, uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// The processes run as in production: NODE_ENV unset, so nothing test-only (such as Apollo Server
// leaving signals alone under NODE_ENV=test) hides what an operator would see.
const PRODUCTION_LIKE = { NODE_ENV: undefined, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0' };
const IN_FLIGHT = 20;
// Long enough that every request is still in flight when the signal arrives.
const SLOW_MS = 1_500;
// Signals this close to the first are taken as the same one (see platform/shutdown.ts).
const REPEAT_WINDOW_MS = 500;
// Each test starts a process of its own under tsx, which takes seconds on a busy machine.
const PROCESS_TEST_TIMEOUT_MS = 60_000;

const agent = new Agent({ connections: IN_FLIGHT + 5 });
const running: TsxProcess[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
});

afterAll(async () => {
  await agent.close();
});

/** POSTs a query to 127.0.0.1:`port`; resolves to the status, the Connection header and the body. */
async function post(port: number, query: string) {
  const answer = await request(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    dispatcher: agent,
  });
  return { status: answer.statusCode, connection: answer.headers.connection, body: await answer.body.json() };
}

/** Sends SIGTERM and waits until the process no longer accepts connections on `port`. */
async function signalAndWaitForDrain(process: TsxProcess, port: number): Promise<void> {
  process.child.kill('SIGTERM');
  await waitUntil(() => connectionRefused(port), Boolean, { what: 'the listener to close' });
}

describe('gateway process on SIGTERM', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let subgraph: FaultSubgraph;

  beforeAll(async () => {
    subgraph = await startFaultSubgraph({ respond: () => ({ data: { products: [{ id: 'p-0001' }] } }) });
  });

  afterEach(() => subgraph.reset());

  afterAll(async () => {
    await subgraph.close();
  });

  async function startGatewayProcess(env: Record<string, string> = {}) {
    const gateway = startTsxProcess('gateway/src/main.ts', productionLikeGatewayEnv(subgraph.url, env));
    running.push(gateway);
    const [, port] = await gateway.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/);
    return { gateway, port: Number(port) };
  }

  it('answers every request in flight, reports not ready, refuses new connections, then exits 0', async () => {
    const { gateway, port } = await startGatewayProcess();
    subgraph.setFault({ kind: 'slow', delayMs: SLOW_MS });
    const probe = await openPartialRequest(port, '/readyz');
    // Named apart, so that each is a subgraph request of its own (identical ones would share one).
    const answers = Array.from({ length: IN_FLIGHT }, (_, index) =>
      post(port, `query InFlight${index} { products(first: 1) { id } }`),
    );
    await waitUntil(
      () => subgraph.requests.length,
      (count) => count === IN_FLIGHT,
      {
        what: 'every request to reach the subgraph',
      },
    );

    await signalAndWaitForDrain(gateway, port);
    const readiness = await probe.finish();

    expect(readiness).toMatchObject({ status: 503, headers: { connection: 'close' } });
    const answered = await Promise.all(answers);
    for (const answer of answered) {
      expect(answer).toEqual({
        status: 200,
        connection: 'close',
        body: { data: { products: [{ id: 'p-0001' }] } },
      });
    }
    expect(await gateway.exited).toBe(0);
  });

  it('also answers the requests still waiting for a place to execute', async () => {
    const { gateway, port } = await startGatewayProcess({
      EXECUTION_CONCURRENCY_MIN: '1',
      EXECUTION_CONCURRENCY_MAX: '1',
    });
    subgraph.setFault({ kind: 'slow', delayMs: 500 });
    const answers = Array.from({ length: 3 }, (_, index) =>
      post(port, `query Waiting${index} { products(first: 1) { id } }`),
    );
    await waitUntil(
      () => subgraph.requests.length,
      (count) => count === 1,
      { what: 'the first request to reach the subgraph' },
    );

    await signalAndWaitForDrain(gateway, port);

    for (const answer of await Promise.all(answers)) {
      expect(answer).toEqual({
        status: 200,
        connection: 'close',
        body: { data: { products: [{ id: 'p-0001' }] } },
      });
    }
    expect(subgraph.requests).toHaveLength(3);
    expect(await gateway.exited).toBe(0);
  });

  it('exits at once, with 128 + the signal number, on a second signal', async () => {
    const { gateway, port } = await startGatewayProcess();
    subgraph.setFault({ kind: 'hang' });
    const answer = post(port, '{ products(first: 1) { id } }').catch((error: unknown) => error);
    await waitUntil(
      () => subgraph.requests.length,
      (count) => count === 1,
    );

    await signalAndWaitForDrain(gateway, port);
    await new Promise((resolve) => setTimeout(resolve, REPEAT_WINDOW_MS));
    gateway.child.kill('SIGTERM');

    expect(await gateway.exited).toBe(143);
    expect(await answer).toBeInstanceOf(Error);
  });

  it('cuts what is still in flight when the grace period runs out, and exits 1', async () => {
    const { gateway, port } = await startGatewayProcess({ SHUTDOWN_GRACE_MS: '300' });
    subgraph.setFault({ kind: 'hang' });
    const answer = post(port, '{ products(first: 1) { id } }').catch((error: unknown) => error);
    await waitUntil(
      () => subgraph.requests.length,
      (count) => count === 1,
    );

    gateway.child.kill('SIGTERM');

    expect(await gateway.exited).toBe(1);
    expect(await answer).toBeInstanceOf(Error);
  });
});

describe('subgraph process on SIGTERM, with a slow Redis', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let redis: TestRedisServer;
  let proxy: DelayingTcpProxy;
  let direct: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    const url = new URL(redis.url);
    proxy = await startDelayingTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    direct = new Redis(redis.url, { lazyConnect: true });
  });

  afterAll(async () => {
    direct.disconnect();
    await proxy.close();
    await redis.stop();
  });

  it('answers every request in flight, reports not ready, refuses new connections, gives its relay lease up and exits 0', async () => {
    const namespace = uniqueRedisNamespace('shutdown');
    const throughProxy = new URL(redis.url);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxy.port);
    proxy.setDelay(0);
    const product = startTsxProcess('subgraphs/product/main.ts', {
      ...PRODUCTION_LIKE,
      STORAGE: 'redis',
      REDIS_URL: throughProxy.toString(),
      REDIS_NAMESPACE: namespace,
      SUBGRAPH_SIGNING_SECRET: undefined,
    });
    running.push(product);
    const [, url] = await product.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage"/);
    const port = Number(new URL(url!).port);
    await waitUntil(
      () => fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status),
      (status) => status === 200,
      { what: 'the subgraph to seed Redis and become ready' },
    );
    const leaseKey = `${namespace}:product:outbox:relay-lease`;
    await waitUntil(
      () => direct.exists(leaseKey),
      (count) => count === 1,
      { what: 'the relay lease' },
    );

    proxy.setDelay(SLOW_MS);
    const probe = await openPartialRequest(port, '/readyz');
    const ids = Array.from({ length: IN_FLIGHT }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`);
    const answers = ids.map((id) => post(port, `{ product(id: "${id}") { id } }`));
    await waitUntil(() => ids.every((id) => proxy.hasForwarded(`products:${id}`)), Boolean, {
      what: 'every request to read its product from Redis',
    });

    await signalAndWaitForDrain(product, port);
    const readiness = await probe.finish();

    expect(readiness).toMatchObject({ status: 503, headers: { connection: 'close' } });
    const answered = await Promise.all(answers);
    expect(answered.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    expect(answered.map((answer) => answer.body)).toEqual(ids.map((id) => ({ data: { product: { id } } })));
    expect(await product.exited).toBe(0);
    expect(await direct.exists(leaseKey)).toBe(0);
  });
});
