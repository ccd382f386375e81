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
  const seeded = seedProductIds(count).map((productId, i) => ({ productId, index: i + 1 }));
  return seedRedisOnce(store, async (tx) => {
    const held = seeded.filter(({ productId }) => tx.holds(PRICE_COLLECTION, productId));
    const existing = await tx.getMany(
      PRICE_COLLECTION,
      held.map(({ productId }) => productId),
    );
    let written = 0;
    held.forEach(({ productId, index }, i) => {
      if (existing[i]) return;
      // Round-trip through the aggregate so a seeded price obeys the same rules as a set one.
      tx.put(PRICE_COLLECTION, productId, 0, Price.fromSnapshot(seedPrice(productId, index), 0).toSnapshot());
      written += 1;
    });
    return written;
  });
}
