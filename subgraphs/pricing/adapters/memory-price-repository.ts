import type { MemoryTransaction } from '../../shared/adapters/memory-store.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { Price, type PriceSnapshot } from '../domain/price.js';
import type { PriceRepository } from '../ports/price-repository.js';

/** The MemoryStore collection holding price snapshots, keyed by product id. */
export const PRICE_COLLECTION = 'prices';

/** Prices inside one memory transaction: reads see staged writes, saves stage the snapshot. */
export class MemoryPriceRepository implements PriceRepository {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(productId: string): Promise<Price | undefined> {
    const stored = this.tx.get<PriceSnapshot>(PRICE_COLLECTION, productId);
    return stored && Price.fromSnapshot(stored.value, stored.version);
  }

  async save(price: Price): Promise<void> {
    this.tx.put(PRICE_COLLECTION, price.productId, price.version, price.toSnapshot());
    this.saved.track(price);
  }
}
