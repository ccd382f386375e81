import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLease } from '../../../../../subgraphs/shared/adapters/redis-lease.js';
import {
  startRedisServer,
  type TestRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';
import { waitUntil } from '../../../../helpers/wait-until.js';

let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('RedisLease', () => {
  it('is held by one owner at a time, who may extend it and give it up', async () => {
    const key = uniqueRedisNamespace('lease');
    const first = new RedisLease(redis, key, 60_000);
    const second = new RedisLease(redis, key, 60_000);

    expect(await first.hold()).toBe(true);
    expect(await second.hold()).toBe(false);
    expect(await first.hold()).toBe(true);
    await second.release();
    expect(await redis.get(key)).toBe(first.owner);
    await first.release();
    expect(await second.hold()).toBe(true);
  });

  it('passes to another owner once its holder stops extending it', async () => {
    const key = uniqueRedisNamespace('lease');
    const crashed = new RedisLease(redis, key, 50);
    const next = new RedisLease(redis, key, 60_000);
    expect(await crashed.hold()).toBe(true);

    await waitUntil(
      () => next.hold(),
      (held) => held,
      { what: 'the lease to expire' },
    );
    expect(await crashed.hold()).toBe(false);
  });

  it('refuses a time to live that is not a whole number of milliseconds', () => {
    expect(() => new RedisLease(redis, 'k', 0)).toThrow(/ttlMs must be a whole number/);
  });
});
