import { Conflict } from '../../kernel/domain-error.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { IndexChange, RedisStore, StoredRecord } from './redis-store.js';
import type { Versioned } from './versioned.js';

interface StagedWrite {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
  /** JSON taken when staged, so later changes to the object do not leak into the commit. */
  readonly json: string;
  readonly ttlSeconds: number | undefined;
}

/** Options of a staged write. */
export interface PutOptions {
  /** Lets Redis drop the record this many seconds after the commit (e.g. processed event ids). */
  readonly ttlSeconds?: number;
}

/**
 * One unit of work's view of a RedisStore, with MemoryTransaction's API made asynchronous. Reads see
 * this transaction's staged writes first; otherwise the first read of a record is remembered, so
 * the transaction sees one version of it throughout and the commit can check that version is
 * still current. Reads are therefore validated as well as writes: stricter than the memory store,
 * which checks only what it writes, so a Redis unit of work never commits a decision taken on a
 * record that has changed since.
 */
export class RedisTransaction {
  readonly #reads = new Map<string, StoredRecord | undefined>();
  readonly #names = new Map<string, { collection: string; id: string }>();
  readonly #writes = new Map<string, StagedWrite>();
  readonly #indexChanges: IndexChange[] = [];
  readonly #events: DomainEvent[] = [];

  constructor(private readonly store: RedisStore) {}

  /** The record as this transaction sees it, or undefined. */
  async get<T>(collection: string, id: string): Promise<Versioned<T> | undefined> {
    return (await this.getMany<T>(collection, [id]))[0];
  }

  /** Records as this transaction sees them, aligned with `ids`; the unread ones in one round trip. */
  async getMany<T>(collection: string, ids: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    const keys = ids.map((id) => this.#key(collection, id));
    const unread = [...new Set(keys.filter((key) => !this.#writes.has(key) && !this.#reads.has(key)))];
    if (unread.length > 0) {
      const found = await this.store.read(unread);
      unread.forEach((key, i) => {
        // A concurrent read of the same record may have landed first: the first version seen stays.
        if (!this.#reads.has(key)) this.#reads.set(key, found[i]);
      });
    }
    return keys.map((key) => {
      const staged = this.#writes.get(key);
      if (staged) return { version: staged.expectedVersion, value: JSON.parse(staged.json) as T };
      const read = this.#reads.get(key);
      return read && { version: read.version, value: JSON.parse(read.json) as T };
    });
  }

  /** Stages a snapshot written over `expectedVersion` (0 for a new record). */
  put(
    collection: string,
    id: string,
    expectedVersion: number,
    value: unknown,
    options: PutOptions = {},
  ): void {
    const key = this.#key(collection, id);
    const earlier = this.#writes.get(key);
    this.#writes.set(key, {
      collection,
      id,
      expectedVersion: earlier?.expectedVersion ?? expectedVersion,
      json: JSON.stringify(value),
      ttlSeconds: options.ttlSeconds,
    });
  }

  /** Stages adding `member` to a sorted-set index. */
  addToIndex(index: string, member: string): void {
    this.#indexChanges.push({ index, member, change: 'add' });
  }

  /** Stages removing `member` from a sorted-set index. */
  removeFromIndex(index: string, member: string): void {
    this.#indexChanges.push({ index, member, change: 'remove' });
  }

  /** Stages events for the outbox. */
  record(events: readonly DomainEvent[]): void {
    this.#events.push(...events);
  }

  /**
   * Writes everything staged in one atomic step, or throws Conflict naming the first record that
   * moved since this transaction read it. A transaction that staged nothing writes nothing.
   */
  async commit(): Promise<void> {
    if (this.#writes.size === 0 && this.#indexChanges.length === 0 && this.#events.length === 0) return;
    const checks = [...this.#reads]
      .filter(([key]) => !this.#writes.has(key))
      .map(([key, read]) => ({ key, version: read?.version ?? 0 }));
    for (const [key, write] of this.#writes) checks.push({ key, version: write.expectedVersion });
    const conflict = await this.store.commit({
      checks,
      writes: [...this.#writes].map(([key, write]) => ({
        key,
        version: write.expectedVersion + 1,
        json: write.json,
        ...(write.ttlSeconds !== undefined && { ttlSeconds: write.ttlSeconds }),
      })),
      indexChanges: this.#indexChanges,
      events: this.#events,
    });
    if (conflict) {
      const name = this.#names.get(conflict.key);
      const what = name ? `${name.collection} ${name.id}` : conflict.key;
      throw new Conflict(
        `${what} was changed concurrently (expected version ${conflict.expected}, found ${conflict.found}).`,
      );
    }
  }

  #key(collection: string, id: string): string {
    const key = this.store.recordKey(collection, id);
    this.#names.set(key, { collection, id });
    return key;
  }
}
