import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { Price, type PriceSnapshot } from '../domain/price.js';
import type { PriceRepository } from '../ports/price-repository.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';

/** Prices inside one Redis transaction: reads see staged writes, saves stage the snapshot. */
export class RedisPriceRepository implements PriceRepository {
  constructor(
    private readonly tx: RedisTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(productId: string): Promise<Price | undefined> {
    const stored = await this.tx.get<PriceSnapshot>(PRICE_COLLECTION, productId);
    return stored && Price.fromSnapshot(stored.value, stored.version);
  }

  async save(price: Price): Promise<void> {
    this.tx.put(PRICE_COLLECTION, price.productId, price.version, price.toSnapshot());
    this.saved.track(price);
  }
}
