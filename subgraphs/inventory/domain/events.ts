import type { DomainEvent } from '../../kernel/domain-event.js';
import type { WarehouseCode } from './warehouse-code.js';

/** Units were added to or removed from a warehouse's stock of a product. */
export type StockAdjusted = DomainEvent<
  'StockAdjusted',
  {
    readonly productId: string;
    readonly warehouse: WarehouseCode;
    readonly delta: number;
    readonly onHand: number;
    readonly reserved: number;
  }
>;

/** Units of a product were reserved in a warehouse for a new reservation. */
export type StockReserved = DomainEvent<
  'StockReserved',
  {
    readonly reservationId: string;
    readonly productId: string;
    readonly warehouse: WarehouseCode;
    readonly quantity: number;
    readonly reserved: number;
    readonly available: number;
  }
>;

/** A reservation was released and its units became available again. */
export type ReservationReleased = DomainEvent<
  'ReservationReleased',
  {
    readonly reservationId: string;
    readonly productId: string;
    readonly warehouse: WarehouseCode;
    readonly quantity: number;
  }
>;

/** Every event inventory records. */
export type InventoryEvent = StockAdjusted | StockReserved | ReservationReleased;

/** What a change needs from outside the domain: an id for its event and the current instant. */
export interface ChangeContext {
  readonly eventId: string;
  readonly now: Date;
}
