import type { RedisStore } from '../../shared/adapters/redis-store.js';
import { Price, type PriceSnapshot } from '../domain/price.js';
import type { PriceReader } from '../ports/price-reader.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';

/** Reads committed prices from Redis: a whole batch in one round trip. */
export class RedisPriceReader implements PriceReader {
  constructor(private readonly store: RedisStore) {}

  async getMany(productIds: readonly string[]): Promise<(Price | undefined)[]> {
    const stored = await this.store.getMany<PriceSnapshot>(PRICE_COLLECTION, productIds);
    return stored.map((found) => found && Price.fromSnapshot(found.value, found.version));
  }
}
