import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../../../gateway/src/security/redis-rate-limiter.js';
import { silentLogger } from '../../../../platform/logger.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';
import { startRedisServer, type TestRedisServer } from '../../../helpers/redis-server.js';

// So slow a refill that no token comes back while a test runs.
const settings = { capacity: 5, refillPerSecond: 0.001, timeoutMs: 2_000 };

describe('RedisRateLimiter against a real Redis', () => {
  let redisServer: TestRedisServer;
  const clients: Redis[] = [];
  let prefix = 0;

  const client = (url = redisServer.url) => {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', () => {});
    clients.push(redis);
    return redis;
  };
  const connected = async (redis: Redis) => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    return redis;
  };
  const uniquePrefix = () => {
    prefix += 1;
    return `it:${process.pid}:${prefix}:`;
  };

  beforeAll(async () => {
    redisServer = await startRedisServer({ throwaway: true });
  });
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
    await redisServer?.stop();
  });

  it('shares one bucket between replicas', async () => {
    const keyPrefix = uniquePrefix();
    const replicaA = new RedisRateLimiter(
      await connected(client()),
      { ...settings, keyPrefix },
      silentLogger(),
    );
    const replicaB = new RedisRateLimiter(
      await connected(client()),
      { ...settings, keyPrefix },
      silentLogger(),
    );
    const decisions = [];
    for (let i = 0; i < 6; i += 1)
      decisions.push(await (i % 2 === 0 ? replicaA : replicaB).take('ip:1.2.3.4'));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    expect(decisions[5]).toMatchObject({ allowed: false });
    expect(await replicaA.take('ip:5.6.7.8')).toEqual({ allowed: true });
  });

  it('never lets more than the capacity through under concurrent requests', async () => {
    const keyPrefix = uniquePrefix();
    const replicas = await Promise.all(
      [1, 2, 3].map(
        async () =>
          new RedisRateLimiter(await connected(client()), { ...settings, keyPrefix }, silentLogger()),
      ),
    );
    const decisions = await Promise.all(
      Array.from({ length: 60 }, (_, i) => replicas[i % replicas.length]!.take('ip:9.9.9.9')),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(settings.capacity);
  });

  it('says when the next token comes back', async () => {
    const keyPrefix = uniquePrefix();
    const limiter = new RedisRateLimiter(
      await connected(client()),
      { capacity: 1, refillPerSecond: 0.25, timeoutMs: 2_000, keyPrefix },
      silentLogger(),
    );
    await limiter.take('ip:a');
    expect(await limiter.take('ip:a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it('stores buckets under the prefix with an expiry', async () => {
    const keyPrefix = uniquePrefix();
    const redis = await connected(client());
    await new RedisRateLimiter(
      redis,
      { ...settings, capacity: 2, refillPerSecond: 1, keyPrefix },
      silentLogger(),
    ).take('ip:a');
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([`${keyPrefix}ip:a`]);
    const ttl = await redis.pttl(`${keyPrefix}ip:a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_000);
  });

  it('lets requests through with a warning when Redis is down, and never throws', async () => {
    const spare = await startRedisServer({ throwaway: true });
    const redis = await connected(client(spare.url));
    const { log, lines } = capturedLogger();
    const limiter = new RedisRateLimiter(redis, { ...settings, capacity: 1, keyPrefix: uniquePrefix() }, log);
    await limiter.take('ip:a');
    expect(await limiter.take('ip:a')).toMatchObject({ allowed: false });
    await spare.stop();
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
  });
});
