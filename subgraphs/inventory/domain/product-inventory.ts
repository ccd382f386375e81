import type { StockLevel } from './stock-level.js';
import { WAREHOUSE_CODES } from './warehouse-code.js';

/**
 * Everything inventory knows about one product's stock: its level in each warehouse that holds
 * any record of it, and the totals over them. A product inventory never heard of has no levels
 * and totals of zero.
 */
export class ProductInventory {
  /** Levels in warehouse order (`WAREHOUSE_CODES`). */
  readonly levels: readonly StockLevel[];

  constructor(
    readonly productId: string,
    levels: readonly StockLevel[],
  ) {
    this.levels = [...levels].sort(
      (a, b) => WAREHOUSE_CODES.indexOf(a.warehouse) - WAREHOUSE_CODES.indexOf(b.warehouse),
    );
  }

  get onHand(): number {
    return this.levels.reduce((sum, level) => sum + level.onHand, 0);
  }

  get reserved(): number {
    return this.levels.reduce((sum, level) => sum + level.reserved, 0);
  }

  get available(): number {
    return this.onHand - this.reserved;
  }

  /** True when at least one unit can be reserved somewhere. */
  get inStock(): boolean {
    return this.available > 0;
  }

  /**
   * The level a reservation that names no warehouse draws from: the one with the most available,
   * the earliest warehouse on a tie. Undefined when the product has no stock records at all.
   */
  mostAvailable(): StockLevel | undefined {
    return this.levels.reduce<StockLevel | undefined>(
      (best, level) => (best === undefined || level.available > best.available ? level : best),
      undefined,
    );
  }
}
