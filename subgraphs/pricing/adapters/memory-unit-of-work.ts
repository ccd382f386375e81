import { MemoryProcessedEvents } from '../../shared/adapters/memory-processed-events.js';
import type { MemoryStore, MemoryTransaction } from '../../shared/adapters/memory-store.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { PricingTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryPriceRepository } from './memory-price-repository.js';

/** Pricing unit of work on the memory store, retried on a lost commit race (see RetryingUnitOfWork). */
export class MemoryUnitOfWork
  extends RetryingUnitOfWork<MemoryTransaction, PricingTransaction>
  implements UnitOfWork
{
  constructor(store: MemoryStore, maxAttempts?: number) {
    super(
      () => store.begin(),
      (tx, saved) => ({
        prices: new MemoryPriceRepository(tx, saved),
        processedEvents: new MemoryProcessedEvents(tx),
      }),
      maxAttempts,
    );
  }
}
