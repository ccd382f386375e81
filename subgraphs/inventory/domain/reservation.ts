import { AggregateRoot } from '../../kernel/aggregate-root.js';
import { ReservationAlreadyReleased } from './errors.js';
import type { ChangeContext, ReservationReleased } from './events.js';
import { parseQuantity } from './units.js';
import type { WarehouseCode } from './warehouse-code.js';

/** Whether a reservation still holds its units. */
export type ReservationStatus = 'ACTIVE' | 'RELEASED';

/** A reservation as stored: plain JSON. */
export interface ReservationSnapshot {
  id: string;
  productId: string;
  warehouse: WarehouseCode;
  quantity: number;
  status: ReservationStatus;
  /** ISO-8601 instant the reservation was placed. */
  createdAt: string;
}

/**
 * Units of one product held in one warehouse for a buyer. It is placed by `StockLevel.reserve`,
 * which records StockReserved, and released through `StockLevel.release`, so the stock level's
 * `reserved` and the reservation's status always change in the same unit of work.
 */
export class Reservation extends AggregateRoot {
  #status: ReservationStatus;

  private constructor(
    readonly id: string,
    readonly productId: string,
    readonly warehouse: WarehouseCode,
    readonly quantity: number,
    status: ReservationStatus,
    readonly createdAt: Date,
    version: number,
  ) {
    super(version);
    this.#status = status;
  }

  /** A new ACTIVE reservation; call `StockLevel.reserve` rather than this directly. */
  static place(input: {
    id: string;
    productId: string;
    warehouse: WarehouseCode;
    quantity: number;
    createdAt: Date;
  }): Reservation {
    const quantity = parseQuantity(input.quantity);
    return new Reservation(
      input.id,
      input.productId,
      input.warehouse,
      quantity,
      'ACTIVE',
      input.createdAt,
      0,
    );
  }

  /** Rebuilds a stored reservation at the version it was read at. */
  static fromSnapshot(snapshot: ReservationSnapshot, version: number): Reservation {
    return new Reservation(
      snapshot.id,
      snapshot.productId,
      snapshot.warehouse,
      snapshot.quantity,
      snapshot.status,
      new Date(snapshot.createdAt),
      version,
    );
  }

  get status(): ReservationStatus {
    return this.#status;
  }

  /** ACTIVE -> RELEASED, recording ReservationReleased; a second release throws ReservationAlreadyReleased. */
  markReleased(context: ChangeContext): void {
    if (this.#status === 'RELEASED') throw new ReservationAlreadyReleased(this.id);
    this.#status = 'RELEASED';
    this.record({
      id: context.eventId,
      type: 'ReservationReleased',
      aggregateId: this.id,
      occurredAt: context.now.toISOString(),
      payload: {
        reservationId: this.id,
        productId: this.productId,
        warehouse: this.warehouse,
        quantity: this.quantity,
      },
    } satisfies ReservationReleased);
  }

  toSnapshot(): ReservationSnapshot {
    return {
      id: this.id,
      productId: this.productId,
      warehouse: this.warehouse,
      quantity: this.quantity,
      status: this.#status,
      createdAt: this.createdAt.toISOString(),
    };
  }
}
