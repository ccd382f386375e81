import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRICE_COLLECTION } from '../../../../../subgraphs/pricing/adapters/memory-price-repository.js';
import { seedRedisCatalog } from '../../../../../subgraphs/pricing/adapters/redis-seed-catalog.js';
import { seedCatalog } from '../../../../../subgraphs/pricing/adapters/seed-catalog.js';
import { buildRedisPricingApp } from '../../../../../subgraphs/pricing/app.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';
import { SEED_PRODUCT_COUNT, seedProductIds } from '../../../../../subgraphs/shared/seed.js';
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

const aStore = () => new RedisStore(redis, redisKeyPrefix(uniqueRedisNamespace('pricing'), 'pricing'));

describe('seedRedisCatalog (pricing)', () => {
  it('writes the prices the memory seed holds, and no events', async () => {
    const store = aStore();
    const memory = new MemoryStore();
    seedCatalog(memory);

    expect(await seedRedisCatalog(store)).toBe(SEED_PRODUCT_COUNT);

    const stored = await store.getMany(PRICE_COLLECTION, seedProductIds());
    expect(stored.map((record) => record?.value)).toEqual(
      memory.all(PRICE_COLLECTION).map((record) => record.value),
    );
    expect(await store.pending(10)).toEqual([]);
  });

  it('leaves a seeded store as it is: a price set since is kept', async () => {
    const store = aStore();
    await seedRedisCatalog(store);
    const app = buildRedisPricingApp({ store });
    await app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'CHF', listAmount: 12_345 });

    expect(await seedRedisCatalog(store)).toBe(0);

    expect(await store.get(PRICE_COLLECTION, 'p-0001')).toMatchObject({
      version: 2,
      value: { listAmount: 12_345 },
    });
  });
});
