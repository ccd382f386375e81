import { Conflict } from '../../kernel/domain-error.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { Outbox, OutboxEntry } from '../ports/outbox.js';
import type { Versioned } from './versioned.js';

/**
 * In-process storage shared by a subgraph's memory adapters: named collections of versioned
 * snapshots plus an outbox. Snapshots are copied in and out, so an aggregate changed by a use case
 * that never commits leaves no trace. A commit checks every staged write's expected version and
 * then applies all writes and events in one synchronous step: atomic under Node's event loop.
 */
export class MemoryStore implements Outbox {
  readonly #collections = new Map<string, Map<string, Versioned<unknown>>>();
  readonly #outbox: OutboxEntry[] = [];
  #sequence = 0;

  /** Reads one snapshot, or undefined. */
  get<T>(collection: string, id: string): Versioned<T> | undefined {
    const found = this.#collection(collection).get(id) as Versioned<T> | undefined;
    return found && { version: found.version, value: structuredClone(found.value) };
  }

  /** Reads every snapshot of a collection, in insertion order. */
  all<T>(collection: string): Versioned<T>[] {
    return [...this.#collection(collection).values()].map((found) => ({
      version: found.version,
      value: structuredClone(found.value) as T,
    }));
  }

  /** Starts a transaction: writes are staged until `commit`. */
  begin(): MemoryTransaction {
    return new MemoryTransaction(this);
  }

  /** Applies staged writes and events, or throws Conflict if any record moved since it was read. */
  apply(writes: ReadonlyMap<string, StagedWrite>, events: readonly DomainEvent[]): void {
    for (const write of writes.values()) {
      const current = this.#collection(write.collection).get(write.id)?.version ?? 0;
      if (current !== write.expectedVersion) {
        throw new Conflict(
          `${write.collection} ${write.id} was changed concurrently (expected version ${write.expectedVersion}, found ${current}).`,
        );
      }
    }
    for (const write of writes.values()) {
      this.#collection(write.collection).set(write.id, {
        version: write.expectedVersion + 1,
        value: structuredClone(write.value),
      });
    }
    for (const event of events) {
      this.#sequence += 1;
      this.#outbox.push({ sequence: this.#sequence, event });
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    return this.#outbox.slice(0, limit);
  }

  async markPublished(sequences: readonly number[]): Promise<void> {
    const done = new Set(sequences);
    for (let i = this.#outbox.length - 1; i >= 0; i -= 1) {
      if (done.has(this.#outbox[i]!.sequence)) this.#outbox.splice(i, 1);
    }
  }

  #collection(name: string): Map<string, Versioned<unknown>> {
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = new Map();
      this.#collections.set(name, collection);
    }
    return collection;
  }
}

export interface StagedWrite {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly value: unknown;
}

/** Writes and events staged by one unit of work; reads see staged writes first. */
export class MemoryTransaction {
  readonly #writes = new Map<string, StagedWrite>();
  readonly #events: DomainEvent[] = [];

  constructor(private readonly store: MemoryStore) {}

  get<T>(collection: string, id: string): Versioned<T> | undefined {
    const staged = this.#writes.get(`${collection}\u0000${id}`);
    if (staged) return { version: staged.expectedVersion, value: structuredClone(staged.value) as T };
    return this.store.get<T>(collection, id);
  }

  /** Stages a snapshot written over `expectedVersion` (0 for a new record). */
  put(collection: string, id: string, expectedVersion: number, value: unknown): void {
    const key = `${collection}\u0000${id}`;
    const earlier = this.#writes.get(key);
    this.#writes.set(key, {
      collection,
      id,
      expectedVersion: earlier?.expectedVersion ?? expectedVersion,
      value,
    });
  }

  record(events: readonly DomainEvent[]): void {
    this.#events.push(...events);
  }

  commit(): void {
    this.store.apply(this.#writes, this.#events);
  }
}
