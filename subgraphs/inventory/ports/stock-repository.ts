import type { ProductInventory } from '../domain/product-inventory.js';
import type { StockLevel } from '../domain/stock-level.js';
import type { WarehouseCode } from '../domain/warehouse-code.js';

/** Loads and stages stock levels inside a unit of work. */
export interface StockRepository {
  /** The product's level in `warehouse` as of this transaction, or undefined when it has none. */
  get(productId: string, warehouse: WarehouseCode): Promise<StockLevel | undefined>;
  /** Every warehouse level of the product as of this transaction. */
  getInventory(productId: string): Promise<ProductInventory>;
  /** Stages the level; the unit of work writes it, and collects the events it recorded, when it commits. */
  save(level: StockLevel): Promise<void>;
}
