import type { MemoryStore } from '../../platform/adapters/memory-store.js';
import { runWithRetries } from '../../platform/adapters/run-with-retries.js';
import type { ProductTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryProductRepository } from './memory-product-repository.js';

/** How many times `run` tries `work` before a version conflict is reported. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Unit of work over a MemoryStore. When the commit finds that a record moved since it was read,
 * the whole `work` runs again on fresh state, up to `maxAttempts` times; then Conflict surfaces.
 */
export class MemoryUnitOfWork implements UnitOfWork {
  constructor(
    private readonly store: MemoryStore,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  async run<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.store.begin();
        return { tx: { products: new MemoryProductRepository(tx, this.store) }, commit: () => tx.commit() };
      },
    });
  }
}
