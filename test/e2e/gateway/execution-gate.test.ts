import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import {
  createGatewayMetrics,
  type GatewayMetrics,
} from '../../../gateway/src/observability/gateway-metrics.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  composeOrThrow,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';
import { postGraphQL } from '../../helpers/graphql-over-http.js';
import { waitUntil } from '../../helpers/wait-until.js';

const SDL = `${federationLink(['@key'])}
  type Query { product(id: ID!): Product }
  type Product @key(fields: "id") { id: ID! name: String! }`;

let federation: RunningFederation;
let products: FaultSubgraph;
let supergraphSdl: string;
const gateways: RunningGateway[] = [];

/** Asks the gateway for one product: the HTTP status, its name, and the codes of any errors. */
async function askProduct(gateway: RunningGateway, id: string, headers: Record<string, string> = {}) {
  const { status, body } = await postGraphQL(
    gateway.url,
    { query: `{ product(id: "${id}") { id name } }` },
    15_000,
    headers,
  );
  const product = body.data?.product as { name: string } | null | undefined;
  return { status, name: product?.name, codes: body.errors?.map((error) => error.extensions?.code) };
}

async function start(env: Record<string, string>, metrics?: GatewayMetrics): Promise<RunningGateway> {
  const gateway = await startGateway(
    loadGatewayConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_ENABLED: 'false', ...env }),
    { supergraphSdl, log: silentLogger(), ...(metrics && { metrics }) },
  );
  gateways.push(gateway);
  return gateway;
}

/**
 * A gateway with one place to execute, taken by a request for product a that the subgraph answers
 * after `delayMs`: resolves once that request reached the subgraph.
 */
async function withTheOnePlaceTaken(delayMs: number) {
  const gateway = await start({ EXECUTION_CONCURRENCY_MIN: '1', EXECUTION_CONCURRENCY_MAX: '1' });
  products.setFault({ kind: 'slow', delayMs });
  const first = askProduct(gateway, 'a');
  await waitUntil(
    async () => products.requests.length,
    (count) => count === 1,
    { timeoutMs: 5_000, intervalMs: 10, what: 'the first request to reach the subgraph' },
  );
  return { gateway, first };
}

/** The execution gauge's value for `state` in the rendered metrics. */
async function executionGauge(metrics: GatewayMetrics, state: string): Promise<number> {
  const rendered = (await metrics.render()).body;
  const line = rendered
    .split('\n')
    .find((row) => row.startsWith(`hexagraph_gateway_execution_requests{state="${state}"}`));
  return Number(line?.split(' ')[1]);
}

beforeAll(async () => {
  federation = await startFixtureSubgraphs('execution-gate', [
    {
      name: 'products',
      sdl: SDL,
      resolvers: {
        Query: { product: (_: unknown, { id }: { id: string }) => ({ id, name: `Product ${id}` }) },
      },
    },
  ]);
  products = await startFaultSubgraph({ target: federation.subgraphs[0]!.url });
  supergraphSdl = composeOrThrow('execution-gate', [{ name: 'products', url: products.url, sdl: SDL }]);
});

afterEach(() => products.reset());

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await products?.close();
  await federation?.close();
});

describe('the execution gate', () => {
  it('executes no more requests at once than its limit; the others wait their turn and are all answered', async () => {
    const metrics = createGatewayMetrics();
    const gateway = await start({ EXECUTION_CONCURRENCY_MIN: '2', EXECUTION_CONCURRENCY_MAX: '2' }, metrics);
    products.setFault({ kind: 'slow', delayMs: 400 });
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => askProduct(gateway, id)));
    await waitUntil(
      async () => [await executionGauge(metrics, 'executing'), await executionGauge(metrics, 'waiting')],
      ([executing, waiting]) => executing === 2 && waiting === 3,
      { timeoutMs: 5_000, intervalMs: 20, what: 'two requests executing and three waiting' },
    );
    expect(products.requests).toHaveLength(2);
    expect((await answers).map((answer) => [answer.status, answer.name])).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((id) => [200, `Product ${id}`]),
    );
    expect(products.requests).toHaveLength(5);
    expect(await executionGauge(metrics, 'limit')).toBe(2);
  });

  it("counts the wait for a place against the request's deadline", async () => {
    const { gateway, first } = await withTheOnePlaceTaken(600);
    const late = await askProduct(gateway, 'b', { 'x-request-timeout-ms': '200' });
    expect(late.codes).toEqual(['DEADLINE_EXCEEDED']);
    expect((await first).name).toBe('Product a');
    // The late request's budget was spent waiting: it never reached the subgraph.
    expect(products.requests).toHaveLength(1);
  });

  it('drops a waiting request whose client left before its turn', async () => {
    const { gateway, first } = await withTheOnePlaceTaken(500);
    const leaving = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ product(id: "b") { id } }' }),
      signal: AbortSignal.timeout(100),
    });
    await expect(leaving).rejects.toThrow();
    expect((await first).name).toBe('Product a');
    // The next request runs at once: the place did not go to the client that left.
    expect((await askProduct(gateway, 'c')).name).toBe('Product c');
    // a and c: b's client left while it waited, so b never executed.
    expect(products.requests).toHaveLength(2);
  });

  it('raises its limit while requests wait on slow subgraphs and the gateway has time to spare', async () => {
    const metrics = createGatewayMetrics();
    const gateway = await start({ EXECUTION_CONCURRENCY_MIN: '1', EXECUTION_CONCURRENCY_MAX: '8' }, metrics);
    products.setFault({ kind: 'slow', delayMs: 300 });
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => askProduct(gateway, id)));
    expect(answers.every((answer) => answer.status === 200 && answer.name !== undefined)).toBe(true);
    expect(await executionGauge(metrics, 'limit')).toBeGreaterThan(1);
  });

  it('refuses a floor above the ceiling, naming both settings', () => {
    expect(() =>
      loadGatewayConfig({ EXECUTION_CONCURRENCY_MIN: '20', EXECUTION_CONCURRENCY_MAX: '10' }),
    ).toThrow('EXECUTION_CONCURRENCY_MIN: 20 is above EXECUTION_CONCURRENCY_MAX (10)');
  });
});
