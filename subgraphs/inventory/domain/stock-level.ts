import { AggregateRoot } from '../../kernel/aggregate-root.js';
import { parseProductId } from '../../kernel/product-id.js';
import { InsufficientStock, InvalidUnits, StockBelowReserved } from './errors.js';
import type { ChangeContext, StockAdjusted, StockReserved } from './events.js';
import { Reservation } from './reservation.js';
import { MAX_UNITS, parseDelta, parseQuantity } from './units.js';
import type { WarehouseCode } from './warehouse-code.js';

/** A stock level as stored: plain JSON. */
export interface StockLevelSnapshot {
  productId: string;
  warehouse: WarehouseCode;
  onHand: number;
  reserved: number;
}

/** The id of the stock level of `productId` in `warehouse`: `p-0001:AMS`. */
export function stockLevelId(productId: string, warehouse: WarehouseCode): string {
  return `${productId}:${warehouse}`;
}

/**
 * The units of one product in one warehouse: `onHand` in the building, `reserved` of them held
 * for reservations. Always 0 <= reserved <= onHand, so a reservation never oversells.
 */
export class StockLevel extends AggregateRoot {
  #onHand: number;
  #reserved: number;

  private constructor(
    readonly productId: string,
    readonly warehouse: WarehouseCode,
    onHand: number,
    reserved: number,
    version: number,
  ) {
    super(version);
    if (!Number.isSafeInteger(onHand) || !Number.isSafeInteger(reserved) || reserved < 0 || reserved > onHand)
      throw new RangeError(
        `Stock level ${stockLevelId(productId, warehouse)} breaks 0 <= reserved (${reserved}) <= onHand (${onHand}).`,
      );
    this.#onHand = onHand;
    this.#reserved = reserved;
  }

  /** A product's stock in a warehouse that has never held any: nothing on hand, nothing reserved. */
  static empty(productId: string, warehouse: WarehouseCode): StockLevel {
    return new StockLevel(parseProductId(productId), warehouse, 0, 0, 0);
  }

  /** Rebuilds a stored stock level at the version it was read at. */
  static fromSnapshot(snapshot: StockLevelSnapshot, version: number): StockLevel {
    return new StockLevel(
      snapshot.productId,
      snapshot.warehouse,
      snapshot.onHand,
      snapshot.reserved,
      version,
    );
  }

  get id(): string {
    return stockLevelId(this.productId, this.warehouse);
  }

  get onHand(): number {
    return this.#onHand;
  }

  get reserved(): number {
    return this.#reserved;
  }

  /** Units that can still be reserved. */
  get available(): number {
    return this.#onHand - this.#reserved;
  }

  /** Adds (or, when negative, removes) units on hand; never below what is reserved. Records StockAdjusted. */
  adjust(delta: number, context: ChangeContext): void {
    const change = parseDelta(delta);
    const onHand = this.#onHand + change;
    if (onHand < this.#reserved)
      throw new StockBelowReserved(this.productId, this.warehouse, change, this.#onHand, this.#reserved);
    if (onHand > MAX_UNITS)
      throw new InvalidUnits(
        `Adjusting product ${this.productId} at ${this.warehouse} by ${change} would exceed ${MAX_UNITS} units on hand.`,
        'delta',
      );
    this.#onHand = onHand;
    this.record({
      id: context.eventId,
      type: 'StockAdjusted',
      aggregateId: this.id,
      occurredAt: context.now.toISOString(),
      payload: {
        productId: this.productId,
        warehouse: this.warehouse,
        delta: change,
        onHand: this.#onHand,
        reserved: this.#reserved,
      },
    } satisfies StockAdjusted);
  }

  /**
   * Holds `quantity` available units for a new reservation and returns it; records StockReserved.
   * Throws InsufficientStock, changing nothing, when fewer units are available.
   */
  reserve(quantity: number, reservationId: string, context: ChangeContext): Reservation {
    const units = parseQuantity(quantity);
    if (units > this.available)
      throw new InsufficientStock(this.productId, units, {
        warehouse: this.warehouse,
        available: this.available,
      });
    const reservation = Reservation.place({
      id: reservationId,
      productId: this.productId,
      warehouse: this.warehouse,
      quantity: units,
      createdAt: context.now,
    });
    this.#reserved += units;
    this.record({
      id: context.eventId,
      type: 'StockReserved',
      aggregateId: this.id,
      occurredAt: context.now.toISOString(),
      payload: {
        reservationId,
        productId: this.productId,
        warehouse: this.warehouse,
        quantity: units,
        reserved: this.#reserved,
        available: this.available,
      },
    } satisfies StockReserved);
    return reservation;
  }

  /**
   * Releases an ACTIVE reservation of this stock and gives its units back; the reservation records
   * ReservationReleased. Throws ReservationAlreadyReleased, changing nothing, for a released one.
   */
  release(reservation: Reservation, context: ChangeContext): void {
    if (reservation.productId !== this.productId || reservation.warehouse !== this.warehouse)
      throw new Error(`Reservation ${reservation.id} does not hold stock of ${this.id}.`);
    if (reservation.status === 'ACTIVE' && reservation.quantity > this.#reserved)
      throw new RangeError(
        `Reservation ${reservation.id} holds ${reservation.quantity} units but ${this.id} has only ${this.#reserved} reserved.`,
      );
    reservation.markReleased(context);
    this.#reserved -= reservation.quantity;
  }

  toSnapshot(): StockLevelSnapshot {
    return {
      productId: this.productId,
      warehouse: this.warehouse,
      onHand: this.#onHand,
      reserved: this.#reserved,
    };
  }
}
