import { RedisProcessedEvents } from '../../platform/adapters/redis-processed-events.js';
import type { RedisStore } from '../../platform/adapters/redis-store.js';
import { runWithRetries } from '../../platform/adapters/run-with-retries.js';
import type { PricingTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { DEFAULT_MAX_ATTEMPTS } from './memory-unit-of-work.js';
import { RedisPriceRepository } from './redis-price-repository.js';

/**
 * Unit of work on Redis: prices, their events and the ids of the events applied commit in one
 * atomic step. A commit that lost a race runs the whole `work` again on fresh state, up to
 * `maxAttempts` times; then Conflict surfaces.
 */
export class RedisUnitOfWork implements UnitOfWork {
  constructor(
    private readonly store: RedisStore,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  async run<T>(work: (tx: PricingTransaction) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.store.begin();
        return {
          tx: { prices: new RedisPriceRepository(tx), processedEvents: new RedisProcessedEvents(tx) },
          commit: () => tx.commit(),
        };
      },
    });
  }
}
