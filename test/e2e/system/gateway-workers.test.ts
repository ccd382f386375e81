import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import { productionLikeGatewayEnv } from '../../helpers/gateway-process-env.js';
import { connectionRefused } from '../../helpers/raw-http.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

const WORKERS = 2;
const REQUESTS = 8;
// A primary and its workers each start under tsx, which takes seconds on a busy machine.
const PROCESS_TEST_TIMEOUT_MS = 90_000;
const ANSWER = { data: { products: [{ id: 'p-0001' }] } };

const running: TsxProcess[] = [];

afterEach(async () => {
  // Killing the primary takes its workers with it: their IPC channel closes and they exit.
  await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
});

/** POSTs `query` on a connection of its own (the cluster hands connections, not requests, out in turn). */
async function post(port: number, query: string) {
  const answer = await request(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    reset: true,
  });
  return { status: answer.statusCode, body: await answer.body.json() };
}

/** The pids of `pid`'s child processes, as the kernel lists them. */
function childrenOf(pid: number): number[] {
  const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return listed === '' ? [] : listed.split(/\s+/).map(Number);
}

/** The worker ids of the access log's lines for operation `name`. */
function workersThatServed(gateway: TsxProcess, name: string): Set<number> {
  const ids = new Set<number>();
  for (const line of gateway.output().stdout.split('\n')) {
    if (!line.includes(`"operationName":"${name}"`)) continue;
    const worker = (JSON.parse(line) as { worker?: number }).worker;
    if (worker !== undefined) ids.add(worker);
  }
  return ids;
}

describe('gateway with WORKER_PROCESSES', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let subgraph: FaultSubgraph;

  beforeAll(async () => {
    subgraph = await startFaultSubgraph({ respond: () => ANSWER });
  });

  afterEach(() => subgraph.reset());

  afterAll(async () => {
    await subgraph.close();
  });

  async function startWorkers(env: Record<string, string> = {}) {
    const gateway = startTsxProcess(
      'gateway/src/main.ts',
      productionLikeGatewayEnv(subgraph.url, { WORKER_PROCESSES: String(WORKERS), ...env }),
      PROCESS_TEST_TIMEOUT_MS,
    );
    running.push(gateway);
    const [, pids = ''] = await gateway.waitForOutput(
      /"pids":\[([\d,]+)\],"msg":"gateway workers ready"/,
      60_000,
    );
    const [, port] = await gateway.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/);
    return { gateway, port: Number(port), workers: pids.split(',').map(Number) };
  }

  it('serves from every worker on one port, and each shows the metrics of all', async () => {
    const { gateway, port, workers } = await startWorkers();
    expect(workers).toHaveLength(WORKERS);
    expect(childrenOf(gateway.child.pid as number).sort()).toEqual([...workers].sort());

    for (let index = 0; index < REQUESTS; index += 1) {
      expect(await post(port, 'query Spread { products(first: 1) { id } }')).toEqual({
        status: 200,
        body: ANSWER,
      });
    }

    await waitUntil(
      () => workersThatServed(gateway, 'Spread'),
      (ids) => ids.size === WORKERS,
      { what: 'both workers to log a request' },
    );
    for (let scrape = 0; scrape < WORKERS * 2; scrape += 1) {
      const metrics = await request(`http://127.0.0.1:${port}/metrics`, { reset: true });
      expect(metrics.statusCode).toBe(200);
      expect(await metrics.body.text()).toContain(
        `hexagraph_gateway_request_duration_seconds_count{operation="Spread",outcome="success"} ${REQUESTS}`,
      );
    }
  });

  it('on SIGTERM, every worker answers its requests in flight, then the primary exits 0', async () => {
    const { gateway, port } = await startWorkers();
    subgraph.setFault({ kind: 'slow', delayMs: 1_500 });
    // Named apart, so that each is a subgraph request of its own (identical ones would share one).
    const answers = Array.from({ length: REQUESTS }, (_, index) =>
      post(port, `query InFlight${index} { products(first: 1) { id } }`),
    );
    await waitUntil(
      () => subgraph.requests.length,
      (count) => count === REQUESTS,
      { what: 'every request to reach the subgraph' },
    );

    gateway.child.kill('SIGTERM');
    await waitUntil(() => connectionRefused(port), Boolean, { what: 'the port to close' });

    for (const answer of await Promise.all(answers)) expect(answer).toEqual({ status: 200, body: ANSWER });
    expect(await gateway.exited).toBe(0);
    const served = new Set<number>();
    for (let index = 0; index < REQUESTS; index += 1) {
      for (const id of workersThatServed(gateway, `InFlight${index}`)) served.add(id);
    }
    expect(served.size).toBe(WORKERS);
  });

  it('replaces a worker that dies, and keeps serving', async () => {
    const { gateway, port, workers } = await startWorkers();
    const [killed] = workers as [number];

    process.kill(killed, 'SIGKILL');

    await gateway.waitForOutput(/"msg":"a worker process exited: starting another"/);
    await gateway.waitForOutput(new RegExp(`"worker":${WORKERS + 1},.*"msg":"gateway listening"`), 60_000);
    const now = childrenOf(gateway.child.pid as number);
    expect(now).toHaveLength(WORKERS);
    expect(now).not.toContain(killed);
    for (let index = 0; index < REQUESTS; index += 1) {
      expect(await post(port, 'query AfterCrash { products(first: 1) { id } }')).toEqual({
        status: 200,
        body: ANSWER,
      });
    }
  });

  it('stops with exit code 1, saying why, when the workers cannot start', async () => {
    const gateway = startTsxProcess(
      'gateway/src/main.ts',
      productionLikeGatewayEnv(subgraph.url, {
        WORKER_PROCESSES: String(WORKERS),
        SUPERGRAPH_PATH: '/nonexistent/supergraph.graphql',
      }),
    );
    running.push(gateway);

    expect(await gateway.exited).toBe(1);
    const { stderr } = gateway.output();
    expect(stderr).toContain('/nonexistent/supergraph.graphql');
    expect(stderr).toMatch(/a worker process exited while starting \(code 1\): stopping the gateway/);
  });
});
