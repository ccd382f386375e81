import { MemoryProcessedEvents } from '../../platform/adapters/memory-processed-events.js';
import type { MemoryStore } from '../../platform/adapters/memory-store.js';
import { runWithRetries } from '../../platform/adapters/run-with-retries.js';
import type { PricingTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryPriceRepository } from './memory-price-repository.js';

/** How many times `run` tries `work` before a version conflict is reported to the caller. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Unit of work on the memory store. A commit that finds a record changed since it was read
 * throws Conflict; the whole `work` then runs again on fresh state, up to `maxAttempts` times.
 */
export class MemoryUnitOfWork implements UnitOfWork {
  constructor(
    private readonly store: MemoryStore,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  async run<T>(work: (tx: PricingTransaction) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.store.begin();
        return {
          tx: { prices: new MemoryPriceRepository(tx), processedEvents: new MemoryProcessedEvents(tx) },
          commit: () => tx.commit(),
        };
      },
    });
  }
}
