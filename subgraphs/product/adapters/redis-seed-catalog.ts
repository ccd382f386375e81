import { seedRedisOnce } from '../../shared/adapters/redis-seed.js';
import type { RedisStore } from '../../shared/adapters/redis-store.js';
import { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { SEED_PRODUCT_COUNT } from '../../shared/seed.js';
import { Product } from '../domain/product.js';
import { PRODUCT_SKUS, PRODUCTS } from './memory-product-repository.js';
import { RedisProductRepository } from './redis-product-repository.js';
import { seedProductSnapshots } from './seed-catalog.js';

/**
 * Writes the seeded catalog (the same products as the memory seed) with its sku and id indexes,
 * once per store: a store seeded before is left as it is. No events reach the outbox. Resolves to
 * how many products were written.
 */
export async function seedRedisCatalog(
  store: RedisStore,
  count: number = SEED_PRODUCT_COUNT,
): Promise<number> {
  const snapshots = seedProductSnapshots(count);
  return seedRedisOnce(store, async (tx) => {
    // Two round trips read everything staging looks at, so the loop below never waits for Redis.
    await tx.getMany(
      PRODUCTS,
      snapshots.map((snapshot) => snapshot.id),
    );
    await tx.getMany(
      PRODUCT_SKUS,
      snapshots.map((snapshot) => snapshot.sku),
    );
    // Seeded products are read from snapshots and record no events, so none are collected.
    const products = new RedisProductRepository(tx, store, new SavedAggregates());
    for (const snapshot of snapshots) await products.save(Product.fromSnapshot(snapshot, 0));
    return snapshots.length;
  });
}
