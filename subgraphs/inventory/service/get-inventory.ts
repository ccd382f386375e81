import type { ProductInventory } from '../domain/product-inventory.js';
import type { StockReader } from '../ports/stock-reader.js';

/** The stock of many products, read in one lookup: the batch behind `Product.inventory`. */
export class GetInventory {
  constructor(private readonly stock: StockReader) {}

  /** Aligned with `productIds`; a product inventory never heard of has no levels and zero totals. */
  async execute(productIds: readonly string[]): Promise<ProductInventory[]> {
    return this.stock.getMany(productIds);
  }
}
