import type { PriceRepository } from './price-repository.js';

/** The repositories one unit of work sees. */
export interface PricingTransaction {
  readonly prices: PriceRepository;
}

/**
 * Runs `work` atomically: nothing is written unless it resolves, and then every saved price and
 * its events (into the outbox) are committed together. `work` may run more than once when a
 * concurrent change forces a retry, so it must not have side effects outside the transaction.
 */
export interface UnitOfWork {
  run<T>(work: (tx: PricingTransaction) => Promise<T>): Promise<T>;
}
