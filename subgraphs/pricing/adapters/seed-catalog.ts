import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { SEED_EPOCH, SEED_PRODUCT_COUNT, seededRandom, seedProductIds } from '../../shared/seed.js';
import type { CurrencyCode } from '../domain/currency.js';
import { Price, type PriceSnapshot } from '../domain/price.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';

// Distinct from the other subgraphs' salts, so prices do not correlate with weights or stock.
const PRICING_SALT = 0x5eed_0003;
const SALE_DISCOUNTS_PERCENT = [10, 15, 20, 25, 30, 40] as const;

/**
 * Fills the store with a price for every seeded product that has none yet: mostly EUR with some
 * USD and GBP, list amounts ending in 99, about one in five on sale. The same ids always get the
 * same prices. Writes snapshots directly: seeding is not a domain change and records no events.
 * Returns how many prices were written.
 */
export function seedCatalog(store: MemoryStore, count: number = SEED_PRODUCT_COUNT): number {
  const tx = store.begin();
  let written = 0;
  seedProductIds(count).forEach((productId, index) => {
    if (store.get(PRICE_COLLECTION, productId)) return;
    // Round-trip through the aggregate so a seeded price obeys the same rules as a set one.
    const snapshot = Price.fromSnapshot(seedPrice(productId, index + 1), 0).toSnapshot();
    tx.put(PRICE_COLLECTION, productId, 0, snapshot);
    written += 1;
  });
  tx.commit();
  return written;
}

/** The deterministic seeded price of the product at 1-based `index`. */
export function seedPrice(productId: string, index: number): PriceSnapshot {
  const random = seededRandom(PRICING_SALT + index);
  const pick = random();
  const currency: CurrencyCode = pick < 0.8 ? 'EUR' : pick < 0.9 ? 'USD' : 'GBP';
  const listAmount = (2 + Math.floor(random() * 498)) * 100 - 1;
  const onSale = random() < 0.2;
  const discount = SALE_DISCOUNTS_PERCENT[Math.floor(random() * SALE_DISCOUNTS_PERCENT.length)]!;
  return {
    productId,
    currency,
    listAmount,
    saleAmount: onSale ? Math.floor((listAmount * (100 - discount)) / 100) : null,
    validFrom: SEED_EPOCH,
    validTo: null,
  };
}
