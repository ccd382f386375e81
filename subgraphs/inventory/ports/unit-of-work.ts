import type { ReservationRepository } from './reservation-repository.js';
import type { StockRepository } from './stock-repository.js';

/** The repositories one unit of work sees. */
export interface InventoryTransaction {
  readonly stock: StockRepository;
  readonly reservations: ReservationRepository;
}

/**
 * Runs `work` atomically: nothing is written unless it resolves, and then every saved aggregate
 * and its events (into the outbox) are committed together. `work` may run more than once when a
 * concurrent change forces a retry, so it must not have side effects outside the transaction.
 */
export interface UnitOfWork {
  run<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T>;
}
