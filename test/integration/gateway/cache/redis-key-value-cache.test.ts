import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CacheOperation,
  RedisKeyValueCache,
} from '../../../../gateway/src/cache/redis-key-value-cache.js';
import {
  startRedisServer,
  type ThrowawayRedisServer,
  uniqueRedisNamespace,
} from '../../../helpers/redis-server.js';
import { waitUntil } from '../../../helpers/wait-until.js';

let server: ThrowawayRedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer({ throwaway: true });
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.stop();
});

/** A cache on a fail-fast client, recording the failures it reports. */
async function aCache() {
  const redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  clients.push(redis);
  await waitUntil(
    () => redis.status,
    (status) => status === 'ready',
    { what: 'a connection' },
  );
  const failures: CacheOperation[] = [];
  const keyPrefix = `${uniqueRedisNamespace('apq')}:`;
  const cache = new RedisKeyValueCache(redis, {
    keyPrefix,
    log: pino({ level: 'silent' }),
    onError: (_, operation) => failures.push(operation),
  });
  return { cache, redis, failures, keyPrefix };
}

describe('RedisKeyValueCache', () => {
  it('stores, reads and deletes values under its prefix', async () => {
    const { cache, redis, keyPrefix } = await aCache();

    expect(await cache.get('q1')).toBeUndefined();
    await cache.set('q1', '{ product(id: "p-0001") { id } }');

    expect(await cache.get('q1')).toBe('{ product(id: "p-0001") { id } }');
    expect(await redis.get(`${keyPrefix}q1`)).toBe('{ product(id: "p-0001") { id } }');
    expect(await cache.delete('q1')).toBe(true);
    expect(await cache.delete('q1')).toBe(false);
    expect(await cache.get('q1')).toBeUndefined();
  });

  it('lets Redis expire a value stored with a ttl, and keeps one stored without', async () => {
    const { cache, redis, keyPrefix } = await aCache();
    await cache.set('brief', 'v', { ttl: 30 });
    await cache.set('lasting', 'v', { ttl: null });

    const ttl = await redis.pttl(`${keyPrefix}brief`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await redis.pttl(`${keyPrefix}lasting`)).toBe(-1);
  });

  it('answers a miss instead of waiting when Redis does not answer in time', async () => {
    // A server that accepts connections and never replies: a Redis that hangs.
    const silent = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const redis = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, disableClientInfo: true });
    clients.push(redis);
    await waitUntil(
      () => redis.status,
      (status) => status === 'ready',
      { what: 'a connection' },
    );
    const failures: CacheOperation[] = [];
    const cache = new RedisKeyValueCache(redis, {
      keyPrefix: 'apq:',
      log: pino({ level: 'silent' }),
      onError: (_, operation) => failures.push(operation),
      timeoutMs: 50,
    });
    try {
      expect(await cache.get('q1')).toBeUndefined();
      expect(failures).toEqual(['get']);
    } finally {
      redis.disconnect();
      silent.close();
    }
  });

  it('degrades to misses and skipped writes while Redis is down, reporting each failure, and recovers', async () => {
    const { cache, failures } = await aCache();
    await cache.set('q1', 'cached');

    await server.stop();
    expect(await cache.get('q1')).toBeUndefined();
    await expect(cache.set('q2', 'lost')).resolves.toBeUndefined();
    expect(await cache.delete('q1')).toBe(false);
    expect(failures).toEqual(['get', 'set', 'delete']);

    await server.restart();
    await waitUntil(
      () => cache.set('q3', 'back').then(() => cache.get('q3')),
      (value) => value === 'back',
      { what: 'the cache to reach Redis again', intervalMs: 100 },
    );
  });
});
