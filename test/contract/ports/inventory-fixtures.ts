import { StockLevel, type StockLevelSnapshot } from '../../../subgraphs/inventory/domain/stock-level.js';
import { aStockSnapshot } from '../../helpers/inventory-builders.js';
import type { InventoryPorts } from './storage-adapters.js';

/**
 * Stores stock levels as they are (no events), through the adapter's own unit of work: one per
 * product, as each use case keeps to one product (on a Redis Cluster, products are apart).
 */
export async function storeLevels(
  uow: InventoryPorts['uow'],
  ...levels: Partial<StockLevelSnapshot>[]
): Promise<void> {
  const snapshots = levels.map((level) => aStockSnapshot(level));
  for (const productId of new Set(snapshots.map((snapshot) => snapshot.productId))) {
    await uow.run(async (tx) => {
      for (const snapshot of snapshots.filter((each) => each.productId === productId))
        await tx.stock.save(StockLevel.fromSnapshot(snapshot, 0));
    });
  }
}
