import { parseProductId } from '../../kernel/product-id.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { StockLevel } from '../domain/stock-level.js';
import { parseDelta } from '../domain/units.js';
import { parseWarehouseCode } from '../domain/warehouse-code.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { changeContext } from './change-context.js';

/** Adds units to (or removes units from) a product's stock in one warehouse. */
export interface AdjustStockCommand {
  productId: string;
  warehouse: string;
  /** Units to add; negative to remove. */
  delta: number;
}

/**
 * Changes the units on hand of a product in a warehouse, starting its stock there if it had
 * none. Never below what is reserved (StockBelowReserved). Records StockAdjusted.
 */
export class AdjustStock {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: AdjustStockCommand): Promise<StockLevel> {
    const productId = parseProductId(command.productId);
    const warehouse = parseWarehouseCode(command.warehouse);
    const delta = parseDelta(command.delta);
    return this.uow.run(async (tx) => {
      const level = (await tx.stock.get(productId, warehouse)) ?? StockLevel.empty(productId, warehouse);
      level.adjust(delta, changeContext(this.ids, this.clock));
      await tx.stock.save(level);
      return level;
    });
  }
}
