import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import type { ProductInventory } from '../domain/product-inventory.js';
import type { StockReader } from '../ports/stock-reader.js';
import { readProductInventory } from './memory-stock-repository.js';

/** Reads committed stock straight from the memory store. */
export class MemoryStockReader implements StockReader {
  constructor(private readonly store: MemoryStore) {}

  async getMany(productIds: readonly string[]): Promise<ProductInventory[]> {
    return productIds.map((productId) => readProductInventory(this.store, productId));
  }
}
