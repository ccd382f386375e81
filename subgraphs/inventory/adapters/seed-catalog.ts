import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { seededRandom, seedProductIds } from '../../shared/seed.js';
import { type StockLevelSnapshot, stockLevelId } from '../domain/stock-level.js';
import { WAREHOUSE_CODES } from '../domain/warehouse-code.js';
import { STOCK_COLLECTION } from './memory-stock-repository.js';

/** Seed of the PRNG inventory's catalog is drawn from; changing it changes every seeded level. */
const INVENTORY_SEED = 2;
/** Share of products with nothing on hand anywhere, so `inStock` is false for some. */
const SOLD_OUT_SHARE = 0.1;
const MAX_SEEDED_ON_HAND = 250;

/**
 * The seeded stock: every seeded product in one to three consecutive warehouses, about a tenth of
 * them with nothing on hand, the rest with up to 250 units of which up to a quarter are reserved.
 * The same list on every call.
 */
export function seedStockLevels(): StockLevelSnapshot[] {
  const random = seededRandom(INVENTORY_SEED);
  return seedProductIds().flatMap((productId) => {
    const count = 1 + Math.floor(random() * WAREHOUSE_CODES.length);
    const first = Math.floor(random() * WAREHOUSE_CODES.length);
    const soldOut = random() < SOLD_OUT_SHARE;
    const warehouses = Array.from(
      { length: count },
      (_, i) => WAREHOUSE_CODES[(first + i) % WAREHOUSE_CODES.length]!,
    );
    return warehouses.map((warehouse) => {
      const onHand = soldOut ? 0 : Math.floor(random() * (MAX_SEEDED_ON_HAND + 1));
      const reserved = Math.floor(random() * (Math.floor(onHand / 4) + 1));
      return { productId, warehouse, onHand, reserved };
    });
  });
}

/** Writes stock levels into the store as they are: not a domain change, so no events. */
export function writeStockLevels(store: MemoryStore, levels: readonly StockLevelSnapshot[]): void {
  const tx = store.begin();
  for (const level of levels) {
    const id = stockLevelId(level.productId, level.warehouse);
    tx.put(STOCK_COLLECTION, id, store.get(STOCK_COLLECTION, id)?.version ?? 0, level);
  }
  tx.commit();
}

/** Fills the store with the seeded stock of the shared catalog (`p-0001` ... `p-1000`). */
export function seedCatalog(store: MemoryStore): void {
  writeStockLevels(store, seedStockLevels());
}
