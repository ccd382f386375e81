import { RedisProcessedEvents } from '../../shared/adapters/redis-processed-events.js';
import type { RedisStore } from '../../shared/adapters/redis-store.js';
import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import { RetryingUnitOfWork } from '../../shared/adapters/retrying-unit-of-work.js';
import type { PricingTransaction, UnitOfWork } from '../ports/unit-of-work.js';
import { RedisPriceRepository } from './redis-price-repository.js';

/**
 * Pricing unit of work on Redis: prices, their events and the ids of the events applied commit in
 * one atomic step, retried on a lost race (see RetryingUnitOfWork).
 */
export class RedisUnitOfWork
  extends RetryingUnitOfWork<RedisTransaction, PricingTransaction>
  implements UnitOfWork
{
  constructor(store: RedisStore, maxAttempts?: number) {
    super(
      () => store.begin(),
      (tx, saved) => ({
        prices: new RedisPriceRepository(tx, saved),
        processedEvents: new RedisProcessedEvents(tx),
      }),
      maxAttempts,
    );
  }
}
