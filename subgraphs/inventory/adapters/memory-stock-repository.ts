import type { MemoryStore, MemoryTransaction } from '../../shared/adapters/memory-store.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { ProductInventory } from '../domain/product-inventory.js';
import { StockLevel, type StockLevelSnapshot, stockLevelId } from '../domain/stock-level.js';
import { WAREHOUSE_CODES, type WarehouseCode } from '../domain/warehouse-code.js';
import type { StockRepository } from '../ports/stock-repository.js';

/** The memory store collection holding stock level snapshots, keyed by `stockLevelId`. */
export const STOCK_COLLECTION = 'stock-levels';

/** Where snapshots are read from: the committed store, or a transaction that sees its own writes. */
export type SnapshotSource = Pick<MemoryStore, 'get'>;

/** Stock levels in a memory transaction: reads see this transaction's staged writes. */
export class MemoryStockRepository implements StockRepository {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(productId: string, warehouse: WarehouseCode): Promise<StockLevel | undefined> {
    return readStockLevel(this.tx, productId, warehouse);
  }

  async getInventory(productId: string): Promise<ProductInventory> {
    return readProductInventory(this.tx, productId);
  }

  async save(level: StockLevel): Promise<void> {
    this.tx.put(STOCK_COLLECTION, level.id, level.version, level.toSnapshot());
    this.saved.track(level);
  }
}

/** The stored level of a product in a warehouse, or undefined. */
export function readStockLevel(
  source: SnapshotSource,
  productId: string,
  warehouse: WarehouseCode,
): StockLevel | undefined {
  const stored = source.get<StockLevelSnapshot>(STOCK_COLLECTION, stockLevelId(productId, warehouse));
  return stored && StockLevel.fromSnapshot(stored.value, stored.version);
}

/** Every stored level of a product: the warehouses are a fixed set, so each is one keyed read. */
export function readProductInventory(source: SnapshotSource, productId: string): ProductInventory {
  const levels = WAREHOUSE_CODES.flatMap((warehouse) => readStockLevel(source, productId, warehouse) ?? []);
  return new ProductInventory(productId, levels);
}
