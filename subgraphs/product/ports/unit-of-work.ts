import type { ProductRepository } from './product-repository.js';

/** What a unit of work hands its `work`: repositories whose writes commit together. */
export interface ProductTransaction {
  readonly products: ProductRepository;
}

/**
 * Runs `work` in one transaction: nothing is written unless `work` resolves, and then every
 * saved aggregate and the events it recorded (into the outbox) commit together.
 */
export interface UnitOfWork {
  run<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T>;
}
