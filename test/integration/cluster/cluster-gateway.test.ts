import { createHash } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistedQueryCache } from '../../../gateway/src/cache/persisted-query-cache.js';
import { type GatewayConfig, loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { createRateLimiter } from '../../../gateway/src/security/create-rate-limiter.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';
import { connectToCluster, startRedisCluster, type TestRedisCluster } from '../../helpers/redis-cluster.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';

const SDL = `${federationLink(['@key'])}
  type Query { product(id: ID!): Product }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const QUERY = 'query ProductName { product(id: "p1") { name } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const PERSISTED = { persistedQuery: { version: 1, sha256Hash: HASH } };

let cluster: TestRedisCluster;
const clients: Cluster[] = [];
let federation: RunningFederation;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  clients.push(await connectToCluster(cluster, 'replica-a'), await connectToCluster(cluster, 'replica-b'));
  federation = await startFixtureSubgraphs('cluster-apq', [
    {
      name: 'catalog',
      sdl: SDL,
      resolvers: { Query: { product: (_: unknown, { id }: { id: string }) => ({ id, name: 'Kettle' }) } },
    },
  ]);
}, 60_000);

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await federation?.close();
  for (const client of clients) client.disconnect();
  await cluster?.stop();
});

/** The gateway's settings as REDIS_CLUSTER_NODES and REDIS_NAMESPACE give them. */
function settings(namespace: string, extra: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig({
    REDIS_CLUSTER_NODES: cluster.seeds,
    REDIS_NAMESPACE: namespace,
    PORT: '0',
    HOST: '127.0.0.1',
    // Generous: the shared machine may be slow, and a slow answer must not read as an outage here.
    RATE_LIMIT_REDIS_TIMEOUT_MS: '2000',
    PERSISTED_QUERIES_REDIS_TIMEOUT_MS: '2000',
    ...extra,
  });
}

describe('the gateway on a Redis Cluster', () => {
  it('shares rate-limit buckets between replicas, under its namespace, spread over the masters', async () => {
    const namespace = uniqueRedisNamespace('rate');
    const config = settings(namespace, { RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_SECOND: '0.001' });
    const [a, b] = clients.map((redis) =>
      createRateLimiter(config.security.rateLimit, { log: silentLogger(), redis }),
    );

    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b)!.take('ip:1.2.3.4')),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    expect(await a!.take('ip:1.2.3.4')).toMatchObject({ allowed: false });

    for (let i = 0; i < 60; i += 1) await a!.take(`ip:10.0.0.${i}`);
    const perMaster = await cluster.keysByMaster(`${namespace}:rate:*`);
    expect([...perMaster.values()].reduce((sum, count) => sum + count, 0)).toBe(61);
    expect([...perMaster.values()].filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('registers a persisted query through one replica and serves it by hash from another', async () => {
    const namespace = uniqueRedisNamespace('apq');
    const config = settings(namespace);
    for (const redis of clients) {
      gateways.push(
        await startGateway(config, {
          supergraphSdl: federation.supergraphSdl,
          log: silentLogger(),
          persistedQueryCache: persistedQueryCache({
            settings: config.cache.persistedQueries,
            log: silentLogger(),
            redis,
          }),
        }),
      );
    }
    const [first, second] = gateways.slice(-2);

    expect(await post(first!, { query: QUERY, extensions: PERSISTED })).toEqual({
      data: { product: { name: 'Kettle' } },
    });
    const key = `${namespace}:gateway:apq:${HASH}`;
    await waitUntil(
      () => clients[0]!.get(key),
      (text) => text === QUERY,
      { what: 'the query text in the cluster' },
    );
    expect(await post(second!, { extensions: PERSISTED })).toEqual({ data: { product: { name: 'Kettle' } } });
    expect(await clients[1]!.pttl(key)).toBeGreaterThan(0);
  });
});

async function post(gateway: RunningGateway, body: object): Promise<unknown> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}
