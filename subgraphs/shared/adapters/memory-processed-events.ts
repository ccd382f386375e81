import type { ProcessedEvents } from '../ports/processed-events.js';
import type { MemoryTransaction } from './memory-store.js';

/** The MemoryStore collection of applied event ids, keyed by event id. */
export const PROCESSED_EVENTS = 'processed-events';

/** Applied event ids in a memory transaction: a versioned record per id, so two appliers conflict. */
export class MemoryProcessedEvents implements ProcessedEvents {
  constructor(private readonly tx: MemoryTransaction) {}

  async markProcessed(eventId: string): Promise<boolean> {
    if (this.tx.get(PROCESSED_EVENTS, eventId)) return false;
    this.tx.put(PROCESSED_EVENTS, eventId, 0, { eventId });
    return true;
  }
}
