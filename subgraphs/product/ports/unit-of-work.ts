import type { ProductRepository } from './product-repository.js';

/** The repositories one unit of work sees. */
export interface ProductTransaction {
  readonly products: ProductRepository;
}

/**
 * Runs `work` atomically: nothing is written unless it resolves, and then every saved aggregate
 * and its events (into the outbox) are committed together. `work` may run more than once when a
 * concurrent change forces a retry, so it must not have side effects outside the transaction.
 */
export interface UnitOfWork {
  run<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T>;
}
