import type { RedisStore } from '../../shared/adapters/redis-store.js';
import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { ProductTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { RedisProductRepository } from './redis-product-repository.js';

/**
 * Product unit of work over a RedisStore: the work reads through the transaction, and the commit
 * checks and writes everything in one atomic step, retried on a lost race (see RetryingUnitOfWork).
 */
export class RedisUnitOfWork
  extends RetryingUnitOfWork<RedisTransaction, ProductTransaction>
  implements UnitOfWork
{
  constructor(store: RedisStore, maxAttempts?: number) {
    super(
      () => store.begin(),
      (tx, saved) => ({ products: new RedisProductRepository(tx, store, saved) }),
      maxAttempts,
    );
  }
}
