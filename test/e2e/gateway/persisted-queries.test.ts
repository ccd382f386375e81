import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistedQueryCache } from '../../../gateway/src/cache/persisted-query-cache.js';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import {
  createGatewayMetrics,
  type GatewayMetrics,
} from '../../../gateway/src/observability/gateway-metrics.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { createRedisClient } from '../../../platform/redis/redis-client.js';
import { capturedLogger } from '../../helpers/captured-logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';
import { startRedisServer, type ThrowawayRedisServer } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';

const SDL = `${federationLink(['@key'])}
  type Query { product(id: ID!): Product }
  type Product @key(fields: "id") { id: ID! name: String! }`;

const QUERY = 'query ProductName { product(id: "p1") { name } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const DATA = { product: { name: 'Kettle' } };
const PERSISTED = { persistedQuery: { version: 1, sha256Hash: HASH } };

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let redisServer: ThrowawayRedisServer;
let redis: Redis;
let federation: RunningFederation;
interface Replica {
  gateway: RunningGateway;
  metrics: GatewayMetrics;
  /** What the replica logged. */
  lines: Record<string, unknown>[];
}

const replicas: Replica[] = [];

/** A gateway replica whose persisted queries live in the shared Redis. */
async function startReplica(): Promise<Replica> {
  const { log, lines } = capturedLogger();
  const metrics = createGatewayMetrics();
  // Generous: the shared machine may be slow, and a slow answer must not read as an outage here.
  const config = gatewayConfig({
    core: { port: 0, host: '127.0.0.1' },
    cache: { persistedQueries: { redisTimeoutMs: 2_000 } },
  });
  const gateway = await startGateway(config, {
    supergraphSdl: federation.supergraphSdl,
    log,
    metrics,
    persistedQueryCache: persistedQueryCache({
      settings: config.cache.persistedQueries,
      log,
      redis,
      metrics,
    }),
  });
  const replica = { gateway, metrics, lines };
  replicas.push(replica);
  return replica;
}

async function post(gateway: RunningGateway, body: object): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as Answer;
}

async function cacheErrors(metrics: GatewayMetrics): Promise<number> {
  const { body } = await metrics.render();
  const match = /^hexagraph_gateway_cache_errors_total\{operation="get"\} (\d+)$/m.exec(body);
  return Number(match?.[1] ?? 0);
}

beforeAll(async () => {
  redisServer = await startRedisServer({ throwaway: true });
  redis = createRedisClient({ url: redisServer.url, connectionName: 'apq-test', log: silentLogger() });
  await waitUntil(
    () => redis.status,
    (status) => status === 'ready',
    { what: 'the Redis client to connect' },
  );
  federation = await startFixtureSubgraphs('persisted-queries', [
    {
      name: 'catalog',
      sdl: SDL,
      resolvers: { Query: { product: (_: unknown, { id }: { id: string }) => ({ id, name: 'Kettle' }) } },
    },
  ]);
});

afterAll(async () => {
  for (const { gateway } of replicas) await gateway.close();
  await federation?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

describe('automatic persisted queries on Redis', () => {
  it('registers a query in Redis and serves it by hash, from any replica', async () => {
    const first = await startReplica();
    const second = await startReplica();

    expect((await post(first.gateway, { extensions: PERSISTED })).errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect(await post(first.gateway, { query: QUERY, extensions: PERSISTED })).toEqual({ data: DATA });
    // Apollo Server stores the text without awaiting it.
    const stored = await waitUntil(
      () => redis.get(`hexagraph:gateway:apq:${HASH}`),
      (text) => text !== null,
      { what: 'the query text in Redis' },
    );

    expect(stored).toBe(QUERY);
    expect(await redis.pttl(`hexagraph:gateway:apq:${HASH}`)).toBeGreaterThan(0);
    expect(await post(first.gateway, { extensions: PERSISTED })).toEqual({ data: DATA });
    expect(await post(second.gateway, { extensions: PERSISTED })).toEqual({ data: DATA });
    expect(await cacheErrors(first.metrics)).toBe(0);
  });

  it('keeps serving while Redis is down: hashes miss, full queries run, and the failures are counted', async () => {
    const replica = replicas[0] ?? (await startReplica());
    const before = await cacheErrors(replica.metrics);
    await redisServer.stop();
    await waitUntil(
      () => redis.status,
      (status) => status !== 'ready',
      { what: 'the Redis client to notice the outage' },
    );

    const byHash = await post(replica.gateway, { extensions: PERSISTED });
    const byText = await post(replica.gateway, { query: QUERY, extensions: PERSISTED });

    expect(byHash.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(byText).toEqual({ data: DATA });
    expect(await cacheErrors(replica.metrics)).toBeGreaterThan(before);
    expect(replica.lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'cache cannot reach Redis; treating reads as misses' }),
    );
  });
});
