import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRODUCT_SKUS,
  PRODUCTS,
} from '../../../../../subgraphs/product/adapters/memory-product-repository.js';
import {
  categoryIndex,
  PRODUCT_IDS_INDEX,
} from '../../../../../subgraphs/product/adapters/redis-product-repository.js';
import { seedRedisCatalog } from '../../../../../subgraphs/product/adapters/redis-seed-catalog.js';
import { seedCatalog } from '../../../../../subgraphs/product/adapters/seed-catalog.js';
import { buildRedisProductApp } from '../../../../../subgraphs/product/app.js';
import { CATEGORIES } from '../../../../../subgraphs/product/domain/category.js';
import type { ProductSnapshot } from '../../../../../subgraphs/product/domain/product.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';
import { SEED_PRODUCT_COUNT } from '../../../../../subgraphs/shared/seed.js';
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

const aStore = () => new RedisStore(redis, redisKeyPrefix(uniqueRedisNamespace('product'), 'product'));

function memoryCatalog(): ProductSnapshot[] {
  const memory = new MemoryStore();
  seedCatalog(memory);
  return memory.all<ProductSnapshot>(PRODUCTS).map((record) => record.value);
}

describe('seedRedisCatalog (product)', () => {
  it('writes the catalog the memory seed holds, with its sku and id indexes and no events', async () => {
    const store = aStore();
    const expected = memoryCatalog();

    expect(await seedRedisCatalog(store)).toBe(SEED_PRODUCT_COUNT);

    const stored = await store.getMany<ProductSnapshot>(
      PRODUCTS,
      expected.map((product) => product.id),
    );
    expect(stored.map((record) => record?.value)).toEqual(expected);
    const owners = await store.getMany<{ productId: string }>(
      PRODUCT_SKUS,
      expected.map((product) => product.sku),
    );
    expect(owners.map((owner) => owner?.value.productId)).toEqual(expected.map((product) => product.id));
    expect(await store.indexSize(PRODUCT_IDS_INDEX)).toBe(SEED_PRODUCT_COUNT);
    for (const category of CATEGORIES) {
      const inCategory = expected.filter((product) => product.category === category).length;
      expect(await store.indexSize(categoryIndex(category)), category).toBe(inCategory);
    }
    expect(await store.pending(10)).toEqual([]);
  });

  it('leaves a seeded store as it is: nothing duplicated, later changes kept', async () => {
    const store = aStore();
    await seedRedisCatalog(store);
    const app = buildRedisProductApp({ store });
    await app.useCases.updateProduct.execute({ id: 'p-0001', changes: { name: 'Changed After Seeding' } });

    expect(await seedRedisCatalog(store)).toBe(0);

    expect(await store.get(PRODUCTS, 'p-0001')).toMatchObject({
      version: 2,
      value: { name: 'Changed After Seeding' },
    });
    expect(await store.indexSize(PRODUCT_IDS_INDEX)).toBe(SEED_PRODUCT_COUNT);
    const listed = await app.useCases.listProducts.execute({ first: 100 });
    expect(listed.totalCount).toBe(SEED_PRODUCT_COUNT);
  });

  it('seeds once when several processes start at the same time', async () => {
    const store = aStore();
    const written = await Promise.all([
      seedRedisCatalog(store),
      seedRedisCatalog(store),
      seedRedisCatalog(store),
    ]);
    expect(written.sort((a, b) => a - b)).toEqual([0, 0, SEED_PRODUCT_COUNT]);
    expect(await store.indexSize(PRODUCT_IDS_INDEX)).toBe(SEED_PRODUCT_COUNT);
  });

  it('refuses to seed over data already in the namespace, saying so', async () => {
    const store = aStore();
    const app = buildRedisProductApp({ store });
    const [first] = memoryCatalog();
    await app.useCases.createProduct.execute({ ...first!, sku: first!.sku });

    await expect(seedRedisCatalog(store)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/collides with data already under/),
    });
    expect(await store.indexSize(PRODUCT_IDS_INDEX)).toBe(1);
  });
});
