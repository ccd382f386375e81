import { MemoryProcessedEvents } from '../../shared/adapters/memory-processed-events.js';
import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { PricingTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { MemoryPriceRepository } from './memory-price-repository.js';

/** Pricing unit of work on the memory store, retried on a lost commit race (see RetryingUnitOfWork). */
export class MemoryUnitOfWork extends RetryingUnitOfWork<PricingTransaction> implements UnitOfWork {
  constructor(store: MemoryStore, maxAttempts?: number) {
    super(() => {
      const tx = store.begin();
      return {
        tx: { prices: new MemoryPriceRepository(tx), processedEvents: new MemoryProcessedEvents(tx) },
        commit: () => tx.commit(),
      };
    }, maxAttempts);
  }
}
