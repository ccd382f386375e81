import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { ProductTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryProductRepository } from './memory-product-repository.js';

/** Product unit of work over a MemoryStore, retried on a lost commit race (see RetryingUnitOfWork). */
export class MemoryUnitOfWork extends RetryingUnitOfWork<ProductTransaction> implements UnitOfWork {
  constructor(store: MemoryStore, maxAttempts?: number) {
    super(() => {
      const tx = store.begin();
      return { tx: { products: new MemoryProductRepository(tx, store) }, commit: () => tx.commit() };
    }, maxAttempts);
  }
}
