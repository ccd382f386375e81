import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { Price, type PriceSnapshot } from '../domain/price.js';
import type { PriceReader } from '../ports/price-reader.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';

/** Reads committed prices straight from the memory store. */
export class MemoryPriceReader implements PriceReader {
  constructor(private readonly store: MemoryStore) {}

  async getMany(productIds: readonly string[]): Promise<(Price | undefined)[]> {
    return productIds.map((productId) => {
      const stored = this.store.get<PriceSnapshot>(PRICE_COLLECTION, productId);
      return stored && Price.fromSnapshot(stored.value, stored.version);
    });
  }
}
