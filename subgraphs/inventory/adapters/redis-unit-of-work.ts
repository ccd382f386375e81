import type { RedisStore } from '../../shared/adapters/redis-store.js';
import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { InventoryTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { DEFAULT_MAX_ATTEMPTS } from './memory-unit-of-work.js';
import { RedisReservationRepository } from './redis-reservation-repository.js';
import { RedisStockRepository } from './redis-stock-repository.js';

/**
 * Inventory unit of work on Redis, for any number of processes at once: the commit checks the
 * version of every record the work read or wrote and writes levels, reservations and their events
 * in one atomic step. A lost race is retried (see RetryingUnitOfWork) up to `maxAttempts` times,
 * sized, as for memory, for a burst of writers on one hot record.
 */
export class RedisUnitOfWork
  extends RetryingUnitOfWork<RedisTransaction, InventoryTransaction>
  implements UnitOfWork
{
  constructor(store: RedisStore, maxAttempts: number = DEFAULT_MAX_ATTEMPTS) {
    super(
      () => store.begin(),
      (tx, saved) => ({
        stock: new RedisStockRepository(tx, saved),
        reservations: new RedisReservationRepository(tx, saved),
      }),
      maxAttempts,
    );
  }
}
