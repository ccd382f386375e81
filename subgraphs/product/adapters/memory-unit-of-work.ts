import type { MemoryStore, MemoryTransaction } from '../../shared/adapters/memory-store.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { ProductTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryProductRepository } from './memory-product-repository.js';

/** Product unit of work over a MemoryStore, retried on a lost commit race (see RetryingUnitOfWork). */
export class MemoryUnitOfWork
  extends RetryingUnitOfWork<MemoryTransaction, ProductTransaction>
  implements UnitOfWork
{
  constructor(store: MemoryStore, maxAttempts?: number) {
    super(
      () => store.begin(),
      (tx, saved) => ({ products: new MemoryProductRepository(tx, store, saved) }),
      maxAttempts,
    );
  }
}
