import type { RedisStore } from '../../platform/adapters/redis-store.js';
import { runWithRetries } from '../../platform/adapters/run-with-retries.js';
import type { InventoryTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { DEFAULT_MAX_ATTEMPTS } from './memory-unit-of-work.js';
import { RedisReservationRepository } from './redis-reservation-repository.js';
import { RedisStockRepository } from './redis-stock-repository.js';

/**
 * Unit of work on Redis, for any number of processes at once: the commit checks the version of
 * every record the work read or wrote and writes levels, reservations and their events in one
 * atomic step. A commit that lost a race runs the whole `work` again on fresh state, up to
 * `maxAttempts` times (sized, as for memory, for a burst of writers on one hot record).
 */
export class RedisUnitOfWork implements UnitOfWork {
  constructor(
    private readonly store: RedisStore,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  async run<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.store.begin();
        return {
          tx: { stock: new RedisStockRepository(tx), reservations: new RedisReservationRepository(tx) },
          commit: () => tx.commit(),
        };
      },
    });
  }
}
