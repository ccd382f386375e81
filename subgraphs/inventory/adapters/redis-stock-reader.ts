import type { RedisStore } from '../../shared/adapters/redis-store.js';
import type { ProductInventory } from '../domain/product-inventory.js';
import type { StockReader } from '../ports/stock-reader.js';
import { readProductInventories } from './redis-stock-repository.js';

/** Reads committed stock from Redis: every product of a batch in one round trip. */
export class RedisStockReader implements StockReader {
  constructor(private readonly store: RedisStore) {}

  async getMany(productIds: readonly string[]): Promise<ProductInventory[]> {
    return readProductInventories(this.store, productIds);
  }
}
