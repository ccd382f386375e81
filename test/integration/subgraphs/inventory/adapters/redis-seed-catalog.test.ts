import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOCK_COLLECTION } from '../../../../../subgraphs/inventory/adapters/memory-stock-repository.js';
import { seedRedisCatalog } from '../../../../../subgraphs/inventory/adapters/redis-seed-catalog.js';
import { seedStockLevels } from '../../../../../subgraphs/inventory/adapters/seed-catalog.js';
import { buildRedisInventoryApp } from '../../../../../subgraphs/inventory/app.js';
import { stockLevelId } from '../../../../../subgraphs/inventory/domain/stock-level.js';
import { redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
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

const aStore = () => new RedisStore(redis, redisKeyPrefix(uniqueRedisNamespace('inventory'), 'inventory'));

describe('seedRedisCatalog (inventory)', () => {
  it('writes the stock levels the memory seed holds, and no events', async () => {
    const store = aStore();
    const expected = seedStockLevels();

    expect(await seedRedisCatalog(store)).toBe(expected.length);

    const stored = await store.getMany(
      STOCK_COLLECTION,
      expected.map((level) => stockLevelId(level.productId, level.warehouse)),
    );
    expect(stored.map((record) => record?.value)).toEqual(expected);
    expect(await store.pending(10)).toEqual([]);
  });

  it('leaves a seeded store as it is: stock changed since is kept', async () => {
    const store = aStore();
    await seedRedisCatalog(store);
    const app = buildRedisInventoryApp({ store });
    const [level] = seedStockLevels();
    await app.useCases.adjustStock.execute({
      productId: level!.productId,
      warehouse: level!.warehouse,
      delta: 5,
    });

    expect(await seedRedisCatalog(store)).toBe(0);

    const [inventory] = await app.useCases.getInventory.execute([level!.productId]);
    expect(inventory!.levels.find((found) => found.warehouse === level!.warehouse)?.onHand).toBe(
      level!.onHand + 5,
    );
  });
});
