import { Conflict, InvalidInput, NotFound } from '../../kernel/domain-error.js';
import { quoteInput } from '../../kernel/quote-input.js';

/** A warehouse code that is not one of the warehouses inventory keeps stock in. */
export class UnknownWarehouse extends InvalidInput {
  constructor(code: unknown, known: readonly string[]) {
    super(`Unknown warehouse ${quoteInput(code)}: expected one of ${known.join(', ')}.`, 'warehouse');
  }
}

/** A number of units that is not a whole number in range; `field` names the argument. */
export class InvalidUnits extends InvalidInput {}

/** A reservation asked for more units than are available. */
export class InsufficientStock extends Conflict {
  constructor(productId: string, requested: number, where: { warehouse: string; available: number }) {
    super(
      `Insufficient stock for product ${productId} at ${where.warehouse}: ${where.available} available, ${requested} requested.`,
    );
  }
}

/**
 * A reservation names a product inventory holds no record of in any warehouse: a product that
 * does not exist, or one that was never stocked.
 */
export class UnknownProductStock extends NotFound {
  constructor(productId: string) {
    super(
      `Inventory has no stock record of product ${productId} in any warehouse: it is unknown or was never stocked.`,
      'productId',
    );
  }
}

/** An adjustment would leave fewer units on hand than are reserved. */
export class StockBelowReserved extends Conflict {
  constructor(productId: string, warehouse: string, delta: number, onHand: number, reserved: number) {
    super(
      `Adjusting product ${productId} at ${warehouse} by ${delta} would leave ${onHand + delta} on hand, below the ${reserved} reserved.`,
    );
  }
}

/** No reservation has the id a caller named. */
export class ReservationNotFound extends NotFound {
  constructor(id: string) {
    super(`No reservation has id ${quoteInput(id)}.`, 'id');
  }
}

/** The reservation was released before; its stock was already given back. */
export class ReservationAlreadyReleased extends Conflict {
  constructor(id: string) {
    super(`Reservation ${id} is already released.`);
  }
}
