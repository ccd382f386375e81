import type { DomainEvent } from '../../kernel/domain-event.js';
import { runWithRetries } from './run-with-retries.js';
import { SavedAggregates } from './saved-aggregates.js';

/** How many times `run` tries `work` before a version conflict is reported to the caller. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** A store transaction as a unit of work drives it: MemoryTransaction and RedisTransaction. */
export interface StoreTransaction {
  /** Stages events for the outbox, written by the same commit as everything else. */
  record(events: readonly DomainEvent[]): void;
  /** Writes everything staged at once; throws Conflict when a record moved since it was read. */
  commit(): Promise<void> | void;
}

/**
 * A unit of work for any storage adapter. Each attempt opens a store transaction and hands `work`
 * the subgraph's repositories on it, which report every aggregate they save; at commit the unit of
 * work pulls those aggregates' events into the outbox, so state and events commit together. A
 * commit that finds a record moved since it was read runs the whole `work` again on fresh state
 * (fresh aggregates, so the lost attempt's events go nowhere), up to `maxAttempts` times; then
 * Conflict surfaces.
 */
export class RetryingUnitOfWork<TStoreTx extends StoreTransaction, TTx> {
  constructor(
    private readonly begin: () => TStoreTx,
    private readonly repositories: (tx: TStoreTx, saved: SavedAggregates) => TTx,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  /** Runs `work` in one transaction, again on fresh state each time its commit loses a race. */
  run<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
    return runWithRetries({
      maxAttempts: this.maxAttempts,
      work,
      begin: () => {
        const tx = this.begin();
        const saved = new SavedAggregates();
        return {
          tx: this.repositories(tx, saved),
          commit: () => {
            tx.record(saved.pullEvents());
            return tx.commit();
          },
        };
      },
    });
  }
}
