import type { MemoryStore } from '../../platform/adapters/memory-store.js';
import { Conflict } from '../../platform/domain/domain-error.js';
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
    for (let attempt = 1; ; attempt += 1) {
      const tx = this.store.begin();
      const result = await work({ prices: new MemoryPriceRepository(tx) });
      try {
        tx.commit();
        return result;
      } catch (error) {
        // Only a lost race at commit is retried; a Conflict thrown by `work` itself is the answer.
        if (!(error instanceof Conflict) || attempt >= this.maxAttempts) throw error;
      }
    }
  }
}
