import { StockLevel, type StockLevelSnapshot } from '../../../subgraphs/inventory/domain/stock-level.js';
import { aStockSnapshot } from '../../helpers/inventory-builders.js';
import type { InventoryPorts } from './storage-adapters.js';

/** Stores stock levels as they are (no events), through the adapter's own unit of work. */
export async function storeLevels(
  uow: InventoryPorts['uow'],
  ...levels: Partial<StockLevelSnapshot>[]
): Promise<void> {
  await uow.run(async (tx) => {
    for (const level of levels) await tx.stock.save(StockLevel.fromSnapshot(aStockSnapshot(level), 0));
  });
}
