import { seedRedisOnce } from '../../shared/adapters/redis-seed.js';
import type { RedisStore } from '../../shared/adapters/redis-store.js';
import { SEED_PRODUCT_COUNT, seedProductIds } from '../../shared/seed.js';
import { Price } from '../domain/price.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';
import { seedPrice } from './seed-catalog.js';

/**
 * Writes the seeded prices (the same as the memory seed) once per store, skipping products that
 * already have a price: a store seeded before is left as it is. No events reach the outbox.
 * Resolves to how many prices were written.
 */
export async function seedRedisCatalog(
  store: RedisStore,
  count: number = SEED_PRODUCT_COUNT,
): Promise<number> {
  const productIds = seedProductIds(count);
  return seedRedisOnce(store, async (tx) => {
    const existing = await tx.getMany(PRICE_COLLECTION, productIds);
    let written = 0;
    productIds.forEach((productId, i) => {
      if (existing[i]) return;
      // Round-trip through the aggregate so a seeded price obeys the same rules as a set one.
      tx.put(PRICE_COLLECTION, productId, 0, Price.fromSnapshot(seedPrice(productId, i + 1), 0).toSnapshot());
      written += 1;
    });
    return written;
  });
}
