import type { MemoryStore, MemoryTransaction } from '../../shared/adapters/memory-store.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { InventoryTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryReservationRepository } from './memory-reservation-repository.js';
import { MemoryStockRepository } from './memory-stock-repository.js';

/**
 * How many times `run` tries `work` before a version conflict is reported to the caller. Every
 * lost race means another unit of work committed to the same record, so retrying always makes
 * progress; when N writers race for one record, the last of them needs N attempts. The bound is
 * sized so a burst of that many writers on one hot record (50 reservations of the same product)
 * is answered from the stock they find, never from losing a race.
 */
export const DEFAULT_MAX_ATTEMPTS = 64;

/**
 * Inventory unit of work on the memory store. The repositories are asynchronous, so concurrent
 * units of work interleave between their reads and their commit exactly as they would against
 * Redis, and a lost race is retried the same way (see RetryingUnitOfWork).
 */
export class MemoryUnitOfWork
  extends RetryingUnitOfWork<MemoryTransaction, InventoryTransaction>
  implements UnitOfWork
{
  constructor(store: MemoryStore, maxAttempts: number = DEFAULT_MAX_ATTEMPTS) {
    super(
      () => store.begin(),
      (tx, saved) => ({
        stock: new MemoryStockRepository(tx, saved),
        reservations: new MemoryReservationRepository(tx, saved),
      }),
      maxAttempts,
    );
  }
}
