import { seedRedisOnce } from '../../shared/adapters/redis-seed.js';
import type { RedisStore } from '../../shared/adapters/redis-store.js';
import { type StockLevelSnapshot, stockLevelId } from '../domain/stock-level.js';
import { STOCK_COLLECTION } from './memory-stock-repository.js';
import { seedStockLevels } from './seed-catalog.js';

/**
 * Writes the seeded stock (the same levels as the memory seed) once per store: a store seeded
 * before is left as it is. No events reach the outbox. Resolves to how many levels were written.
 */
export async function seedRedisCatalog(
  store: RedisStore,
  levels: readonly StockLevelSnapshot[] = seedStockLevels(),
): Promise<number> {
  return seedRedisOnce(store, async (tx) => {
    const held = levels
      .map((level) => ({ level, id: stockLevelId(level.productId, level.warehouse) }))
      .filter(({ id }) => tx.holds(STOCK_COLLECTION, id));
    const current = await tx.getMany(
      STOCK_COLLECTION,
      held.map(({ id }) => id),
    );
    held.forEach(({ level, id }, i) => {
      tx.put(STOCK_COLLECTION, id, current[i]?.version ?? 0, level);
    });
    return held.length;
  });
}
