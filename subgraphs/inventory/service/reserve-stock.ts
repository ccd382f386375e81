import { parseProductId } from '../../kernel/product-id.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { InsufficientStock, UnknownProductStock } from '../domain/errors.js';
import type { Reservation } from '../domain/reservation.js';
import type { StockLevel } from '../domain/stock-level.js';
import { parseQuantity } from '../domain/units.js';
import { parseWarehouseCode, type WarehouseCode } from '../domain/warehouse-code.js';
import type { InventoryTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { changeContext } from './change-context.js';

/** Holds units of a product for a buyer. */
export interface ReserveStockCommand {
  productId: string;
  quantity: number;
  /** Where to reserve; absent or null: the warehouse with the most available. */
  warehouse?: string | null;
}

/**
 * Places a reservation and holds its units in one unit of work: the reservation and the stock
 * level's new `reserved` are committed together or not at all. Refuses a product inventory has
 * no record of in any warehouse (UnknownProductStock, NOT_FOUND), and any reservation that would
 * oversell (InsufficientStock, CONFLICT); a reservation that only lost a race to a concurrent one
 * is retried by the unit of work on the stock that is left.
 */
export class ReserveStock {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: ReserveStockCommand): Promise<Reservation> {
    const productId = parseProductId(command.productId);
    const quantity = parseQuantity(command.quantity);
    const warehouse = command.warehouse == null ? undefined : parseWarehouseCode(command.warehouse);
    return this.uow.run(async (tx) => {
      const level = await this.#levelToReserveFrom(tx, productId, quantity, warehouse);
      const reservation = level.reserve(quantity, this.ids.next(), changeContext(this.ids, this.clock));
      await tx.stock.save(level);
      await tx.reservations.save(reservation);
      return reservation;
    });
  }

  async #levelToReserveFrom(
    tx: InventoryTransaction,
    productId: string,
    quantity: number,
    warehouse: WarehouseCode | undefined,
  ): Promise<StockLevel> {
    const level =
      warehouse === undefined
        ? (await tx.stock.getInventory(productId)).mostAvailable()
        : await tx.stock.get(productId, warehouse);
    if (level) return level;
    // No level to draw from: a product stocked elsewhere has none here; an unknown one has none at all.
    if (warehouse === undefined || (await tx.stock.getInventory(productId)).levels.length === 0) {
      throw new UnknownProductStock(productId);
    }
    throw new InsufficientStock(productId, quantity, { warehouse, available: 0 });
  }
}
