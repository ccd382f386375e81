import type { GraphQLFormattedError } from 'graphql';
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

const PRODUCTS_SDL = `${federationLink(['@key'])}
  type Query { products: [Product!]! }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const PRICES_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! price: Int }`;

// Prices forward the client's `authorization` (header rules): calls with different tokens must never share.
const HEADER_RULES = JSON.stringify({ subgraphs: { prices: { allow: ['authorization'] } } });

let federation: RunningFederation;
let prices: FaultSubgraph;
let supergraphSdl: string;
const gateways: RunningGateway[] = [];

interface Answer {
  status: number;
  data?: { products?: { id: string; price: number | null }[] } | null;
  errors?: GraphQLFormattedError[];
}

async function post(
  gateway: RunningGateway,
  query: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function start(env: Record<string, string> = {}, metrics?: GatewayMetrics): Promise<RunningGateway> {
  const gateway = await startGateway(
    loadGatewayConfig({ HEADER_RULES, PORT: '0', HOST: '127.0.0.1', ...env }),
    { supergraphSdl, log: silentLogger(), ...(metrics && { metrics }) },
  );
  gateways.push(gateway);
  return gateway;
}

const pricesRequests = () =>
  prices.requests.filter((request) => JSON.stringify(request.body).includes('_entities'));

beforeAll(async () => {
  federation = await startFixtureSubgraphs('shared-fetches', [
    {
      name: 'products',
      sdl: PRODUCTS_SDL,
      resolvers: {
        Query: {
          products: () => [
            { id: 'p1', name: 'Kettle' },
            { id: 'p2', name: 'Mug' },
          ],
        },
      },
    },
    {
      name: 'prices',
      sdl: PRICES_SDL,
      resolvers: {
        Product: {
          __resolveReference: ({ id }: { id: string }) => ({ id, price: id === 'p1' ? 2500 : 900 }),
        },
      },
    },
  ]);
  const url = (name: string) => federation.subgraphs.find((subgraph) => subgraph.name === name)!.url;
  prices = await startFaultSubgraph({ target: url('prices') });
  supergraphSdl = composeOrThrow('shared-fetches', [
    { name: 'products', url: url('products'), sdl: PRODUCTS_SDL },
    { name: 'prices', url: prices.url, sdl: PRICES_SDL },
  ]);
});

afterEach(() => prices.reset());

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await prices?.close();
  await federation?.close();
});

describe('shared in-flight subgraph fetches', () => {
  it('sends identical concurrent client requests to a slow subgraph once, and answers each', async () => {
    const metrics = createGatewayMetrics();
    const gateway = await start({}, metrics);
    prices.setFault({ kind: 'slow', delayMs: 300 });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(gateway, '{ products { id price } }', { authorization: 'Bearer a' }),
      ),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 200,
        data: {
          products: [
            { id: 'p1', price: 2500 },
            { id: 'p2', price: 900 },
          ],
        },
      });
    }
    expect(pricesRequests()).toHaveLength(1);
    const rendered = (await metrics.render()).body;
    expect(rendered).toMatch(/hexagraph_gateway_shared_fetches_total\{subgraph="prices"\} 4/);
    // One call went upstream; every client request's fetch counts in the batch sizes, as its help says.
    expect(rendered).toMatch(
      /hexagraph_gateway_fetch_duration_seconds_count\{subgraph="prices",outcome="ok"\} 1\n/,
    );
    expect(rendered).toMatch(/hexagraph_gateway_entity_batch_size_count\{subgraph="prices"\} 5\n/);
    expect(rendered).toMatch(/hexagraph_gateway_entity_batch_size_sum\{subgraph="prices"\} 10\n/);
  });

  it('never shares calls that forward different client headers', async () => {
    const gateway = await start();
    prices.setFault({ kind: 'slow', delayMs: 300 });
    await Promise.all([
      post(gateway, '{ products { id price } }', { authorization: 'Bearer a' }),
      post(gateway, '{ products { id price } }', { authorization: 'Bearer b' }),
    ]);
    expect(
      pricesRequests()
        .map((request) => request.headers.authorization)
        .sort(),
    ).toEqual(['Bearer a', 'Bearer b']);
  });

  it('gives a shared failure to every client, each at its own paths', async () => {
    const gateway = await start({ UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_RETRY_MAX_ATTEMPTS: '0' });
    prices.setFault({ kind: 'hang' });
    const [listed, aliased] = await Promise.all([
      post(gateway, '{ products { id price } }'),
      post(gateway, '{ items: products { id price } }'),
    ]);
    expect(pricesRequests()).toHaveLength(1);
    expect(listed.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['products', 0, 'price'], 'GATEWAY_TIMEOUT'],
      [['products', 1, 'price'], 'GATEWAY_TIMEOUT'],
    ]);
    expect(aliased.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['items', 0, 'price'], 'GATEWAY_TIMEOUT'],
      [['items', 1, 'price'], 'GATEWAY_TIMEOUT'],
    ]);
  });

  it("ends one client's wait at its own deadline while another client's wait goes on", async () => {
    const gateway = await start();
    prices.setFault({ kind: 'slow', delayMs: 800 });
    const [short, long] = await Promise.all([
      post(gateway, '{ products { id price } }', { 'x-request-timeout-ms': '200' }),
      post(gateway, '{ products { id price } }'),
    ]);
    expect(pricesRequests()).toHaveLength(1);
    expect(short.errors?.map((error) => error.extensions?.code)).toEqual([
      'DEADLINE_EXCEEDED',
      'DEADLINE_EXCEEDED',
    ]);
    expect(long.errors).toBeUndefined();
    expect(long.data?.products?.map((product) => product.price)).toEqual([2500, 900]);
  });

  it('sends every call when the setting turns sharing off', async () => {
    const gateway = await start({ INFLIGHT_DEDUPLICATION: 'false' });
    prices.setFault({ kind: 'slow', delayMs: 300 });
    await Promise.all(Array.from({ length: 3 }, () => post(gateway, '{ products { id price } }')));
    expect(pricesRequests()).toHaveLength(3);
  });
});
