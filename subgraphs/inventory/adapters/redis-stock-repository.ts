import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import type { Versioned } from '../../shared/adapters/versioned.js';
import { ProductInventory } from '../domain/product-inventory.js';
import { StockLevel, type StockLevelSnapshot, stockLevelId } from '../domain/stock-level.js';
import { WAREHOUSE_CODES, type WarehouseCode } from '../domain/warehouse-code.js';
import type { StockRepository } from '../ports/stock-repository.js';
import { STOCK_COLLECTION } from './memory-stock-repository.js';

/** Where stock snapshots are read from: a Redis transaction, or the committed RedisStore. */
export interface StockSnapshotSource {
  getMany<T>(collection: string, ids: readonly string[]): Promise<(Versioned<T> | undefined)[]>;
}

/** Stock levels in a Redis transaction: reads see this transaction's staged writes. */
export class RedisStockRepository implements StockRepository {
  constructor(
    private readonly tx: RedisTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(productId: string, warehouse: WarehouseCode): Promise<StockLevel | undefined> {
    const [stored] = await this.tx.getMany<StockLevelSnapshot>(STOCK_COLLECTION, [
      stockLevelId(productId, warehouse),
    ]);
    return stored && StockLevel.fromSnapshot(stored.value, stored.version);
  }

  async getInventory(productId: string): Promise<ProductInventory> {
    const [inventory] = await readProductInventories(this.tx, [productId]);
    return inventory!;
  }

  async save(level: StockLevel): Promise<void> {
    this.tx.put(STOCK_COLLECTION, level.id, level.version, level.toSnapshot());
    this.saved.track(level);
  }
}

/**
 * The inventories of many products in one round trip: the warehouses are a fixed set, so each
 * product's levels are keyed reads. Aligned with `productIds`; no levels where none is stocked.
 */
export async function readProductInventories(
  source: StockSnapshotSource,
  productIds: readonly string[],
): Promise<ProductInventory[]> {
  const ids = productIds.flatMap((productId) =>
    WAREHOUSE_CODES.map((warehouse) => stockLevelId(productId, warehouse)),
  );
  const stored = await source.getMany<StockLevelSnapshot>(STOCK_COLLECTION, ids);
  return productIds.map((productId, i) => {
    const levels = stored
      .slice(i * WAREHOUSE_CODES.length, (i + 1) * WAREHOUSE_CODES.length)
      .flatMap((found) => (found ? [StockLevel.fromSnapshot(found.value, found.version)] : []));
    return new ProductInventory(productId, levels);
  });
}
