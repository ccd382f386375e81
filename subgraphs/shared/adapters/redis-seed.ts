import { Conflict } from '../../kernel/domain-error.js';
import type { RedisStore } from './redis-store.js';
import type { RedisTransaction } from './redis-transaction.js';

const SEED_COLLECTION = 'meta';
const SEED_ID = 'catalog-seed';

/**
 * Seeds a Redis store once in its life: `stage` stages the catalog in one transaction that also
 * writes a seed marker, and a store that has the marker is left alone, so a restart neither
 * duplicates nor resets the catalog. When several processes start together, one commit wins and
 * the others find the marker. Resolves to what `stage` reported written, or 0 when already seeded.
 *
 * A partitioned store is seeded one partition at a time, each with a marker of its own: `stage`
 * gets a transaction of that partition and stages only the records it `holds`.
 */
export async function seedRedisOnce(
  store: RedisStore,
  stage: (tx: RedisTransaction) => Promise<number>,
): Promise<number> {
  let written = 0;
  for (const partition of store.layout.all()) written += await seedPartitionOnce(store, partition, stage);
  return written;
}

async function seedPartitionOnce(
  store: RedisStore,
  partition: number,
  stage: (tx: RedisTransaction) => Promise<number>,
): Promise<number> {
  const tx = store.begin({ partition });
  if (await tx.get(SEED_COLLECTION, SEED_ID)) return 0;
  try {
    const written = await stage(tx);
    tx.put(SEED_COLLECTION, SEED_ID, 0, { records: written });
    await tx.commit();
    return written;
  } catch (error) {
    // A lost race with another seeder, or records (a taken sku) that were there before the seed.
    if (!(error instanceof Conflict)) throw error;
    if (await store.begin({ partition }).get(SEED_COLLECTION, SEED_ID)) return 0;
    throw new Conflict(
      `The catalog seed collides with data already under ${store.keyPrefix}: ${error.message} Seed an empty namespace.`,
    );
  }
}
