import type { ProcessedEvents } from '../ports/processed-events.js';
import { PROCESSED_EVENTS } from './memory-processed-events.js';
import type { RedisStore } from './redis-store.js';
import { PROCESSED_EVENT_TTL_SECONDS, type ProcessedEventIds } from './redis-stream-consumer.js';
import type { RedisTransaction } from './redis-transaction.js';

/**
 * Applied event ids in a Redis transaction: a versioned record per id, committed with the effect of
 * applying the event and dropped by Redis after `ttlSeconds`, long after any redelivery.
 */
export class RedisProcessedEvents implements ProcessedEvents {
  constructor(
    private readonly tx: RedisTransaction,
    private readonly ttlSeconds: number = PROCESSED_EVENT_TTL_SECONDS,
  ) {}

  async markProcessed(eventId: string): Promise<boolean> {
    if (await this.tx.get(PROCESSED_EVENTS, eventId)) return false;
    this.tx.put(PROCESSED_EVENTS, eventId, 0, { eventId }, { ttlSeconds: this.ttlSeconds });
    return true;
  }
}

/**
 * The processed-id log of a consumer whose handler marks events through RedisProcessedEvents: it
 * reads the marks that handler committed and writes none itself, since the handler's unit of work
 * already wrote the mark together with the effect.
 */
export class CommittedProcessedEventIds implements ProcessedEventIds {
  constructor(private readonly store: RedisStore) {}

  async has(eventId: string): Promise<boolean> {
    return (await this.store.get(PROCESSED_EVENTS, eventId)) !== undefined;
  }

  async add(): Promise<void> {}
}
