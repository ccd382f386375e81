import type { ProcessedEvents } from '../../shared/ports/processed-events.js';
import type { PriceRepository } from './price-repository.js';

/** The repositories one unit of work sees. */
export interface PricingTransaction {
  readonly prices: PriceRepository;
  /** Events from other subgraphs this unit of work applies, recorded so they apply only once. */
  readonly processedEvents: ProcessedEvents;
}

/**
 * Runs `work` atomically: nothing is written unless it resolves, and then every saved price and
 * its events (into the outbox) are committed together. `work` may run more than once when a
 * concurrent change forces a retry, so it must not have side effects outside the transaction.
 */
export interface UnitOfWork {
  run<T>(work: (tx: PricingTransaction) => Promise<T>): Promise<T>;
}
