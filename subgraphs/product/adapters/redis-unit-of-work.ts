import type { RedisStore } from '../../platform/adapters/redis-store.js';
import { runWithRetries } from '../../platform/adapters/run-with-retries.js';
import type { ProductTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { DEFAULT_MAX_ATTEMPTS } from './memory-unit-of-work.js';
import { RedisProductRepository } from './redis-product-repository.js';

/**
 * Unit of work over a RedisStore: the work reads through the transaction, and the commit checks
 * and writes everything in one atomic step. A commit that finds a record moved runs the whole
 * `work` again on fresh state, up to `maxAttempts` times; then Conflict surfaces.
 */
export class RedisUnitOfWork implements UnitOfWork {
  constructor(
    private readonly store: RedisStore,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  async run<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.store.begin();
        return { tx: { products: new RedisProductRepository(tx, this.store) }, commit: () => tx.commit() };
      },
    });
  }
}
