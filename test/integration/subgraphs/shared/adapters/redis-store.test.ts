import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailable } from '../../../../../platform/storage-unavailable.js';
import { RedisProcessedEvents } from '../../../../../subgraphs/shared/adapters/redis-processed-events.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';
import {
  startRedisServer,
  type TestRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';

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

const aStore = () => new RedisStore(redis, `${uniqueRedisNamespace('store')}:`);

describe('RedisStore', () => {
  it('keeps each record in a hash of its version and JSON under the store prefix', async () => {
    const store = aStore();
    const tx = store.begin();
    tx.put('things', 'a:1', 0, { name: 'first' });
    tx.addToIndex('things', 'a:1');
    await tx.commit();

    expect(await redis.hgetall(`${store.keyPrefix}things:a:1`)).toEqual({
      version: '1',
      value: JSON.stringify({ name: 'first' }),
    });
    expect(await redis.zrange(`${store.keyPrefix}index:things`, 0, -1)).toEqual(['a:1']);
  });

  it('writes nothing of a commit when any record it read has moved', async () => {
    const store = aStore();
    const tx = store.begin();
    await tx.get('things', 'watched');
    tx.put('things', 'a', 0, { n: 1 });
    tx.addToIndex('things', 'a');
    tx.record([{ id: 'e-1', type: 'T', aggregateId: 'a', occurredAt: '2026-03-01T00:00:00Z', payload: {} }]);
    const rival = store.begin();
    rival.put('things', 'watched', 0, { n: 2 });
    await rival.commit();

    await expect(tx.commit()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'things watched was changed concurrently (expected version 0, found 1).',
    });
    expect(await store.get('things', 'a')).toBeUndefined();
    expect(await store.indexSize('things')).toBe(0);
    expect(await store.pending(10)).toEqual([]);
  });

  it('sees one version of a record throughout a transaction', async () => {
    const store = aStore();
    const setup = store.begin();
    setup.put('things', 'a', 0, { n: 1 });
    await setup.commit();
    const tx = store.begin();
    const before = await tx.get('things', 'a');
    const rival = store.begin();
    rival.put('things', 'a', 1, { n: 2 });
    await rival.commit();

    expect(await tx.get('things', 'a')).toEqual(before);
    expect(await store.get('things', 'a')).toEqual({ version: 2, value: { n: 2 } });
  });

  it('lets Redis forget an applied event id after its time to live', async () => {
    const store = aStore();
    const tx = store.begin();
    expect(await new RedisProcessedEvents(tx, 60).markProcessed('e-1')).toBe(true);
    await tx.commit();

    const ttl = await redis.ttl(`${store.keyPrefix}processed-events:e-1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('fails with StorageUnavailable, not a hang, when its client cannot reach Redis', async () => {
    const offline = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    const store = new RedisStore(offline, 'offline:');
    const tx = store.begin();
    tx.put('things', 'a', 0, {});

    await expect(store.get('things', 'a')).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(store.pending(1)).rejects.toBeInstanceOf(StorageUnavailable);
    offline.disconnect();
  });
});
