import type { ProductInventory } from '../domain/product-inventory.js';

/** Reads committed stock outside a unit of work: for queries. */
export interface StockReader {
  /** One lookup for many products: the result is aligned with `productIds`, zeros where none is stocked. */
  getMany(productIds: readonly string[]): Promise<ProductInventory[]>;
}
