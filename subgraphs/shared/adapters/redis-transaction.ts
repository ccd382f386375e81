import { Conflict } from '../../kernel/domain-error.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { FoundRecord, IndexChange, RedisStore } from './redis-store.js';
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

/** A record's name in a transaction's maps. */
type RecordName = string;

/**
 * One unit of work's view of a RedisStore, with MemoryTransaction's API made asynchronous. Reads see
 * this transaction's staged writes first; otherwise the first read of a record is remembered, so
 * the transaction sees one version of it throughout and the commit can check that version is
 * still current. Reads are therefore validated as well as writes: stricter than the memory store,
 * which checks only what it writes, so a Redis unit of work never commits a decision taken on a
 * record that has changed since.
 *
 * On a partitioned store (a Redis Cluster) everything a transaction reads or writes must be in one
 * partition, the one its commit runs in; touching two is a programming error and fails the commit.
 */
export class RedisTransaction {
  readonly #reads = new Map<RecordName, FoundRecord>();
  readonly #writes = new Map<RecordName, StagedWrite>();
  readonly #indexChanges: IndexChange[] = [];
  readonly #events: DomainEvent[] = [];

  constructor(
    private readonly store: RedisStore,
    /** The partition this transaction belongs to from the start, if any. */
    readonly partition?: number,
  ) {}

  /**
   * True when this transaction may write the record: it has no fixed partition, or the record
   * belongs to it. A seed staging one partition at a time leaves the other records out with it.
   */
  holds(collection: string, id: string): boolean {
    if (this.partition === undefined) return true;
    const partition = this.store.layout.partitionOf(collection, id);
    return partition === undefined || partition === this.partition;
  }

  /** The record as this transaction sees it, or undefined. */
  async get<T>(collection: string, id: string): Promise<Versioned<T> | undefined> {
    return (await this.getMany<T>(collection, [id]))[0];
  }

  /** Records as this transaction sees them, aligned with `ids`; the unread ones in one round trip. */
  async getMany<T>(collection: string, ids: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    const names = ids.map((id) => nameOf(collection, id));
    const unread = [...new Set(names.filter((name) => !this.#writes.has(name) && !this.#reads.has(name)))];
    if (unread.length > 0) {
      const found = await this.store.read(
        unread.map((name) => refOf(name)),
        this.partition,
      );
      unread.forEach((name, i) => {
        // A concurrent read of the same record may have landed first: the first version seen stays.
        if (!this.#reads.has(name)) this.#reads.set(name, found[i]!);
      });
    }
    return names.map((name) => {
      const staged = this.#writes.get(name);
      if (staged) return { version: staged.expectedVersion, value: JSON.parse(staged.json) as T };
      const read = this.#reads.get(name)?.record;
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
    const name = nameOf(collection, id);
    const earlier = this.#writes.get(name);
    this.#writes.set(name, {
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
    const partition = this.#commitPartition();
    const keyOf = (name: RecordName) => {
      const { collection, id } = refOf(name);
      return this.store.recordKey(collection, id, this.#reads.get(name)?.partition ?? partition);
    };
    const names = new Map<string, RecordName>();
    const checks = [...this.#reads]
      .filter(([name]) => !this.#writes.has(name))
      .map(([name, read]) => ({ key: keyOf(name), version: read.record?.version ?? 0, name }));
    for (const [name, write] of this.#writes)
      checks.push({ key: keyOf(name), version: write.expectedVersion, name });
    for (const check of checks) names.set(check.key, check.name);
    const conflict = await this.store.commit(partition, {
      checks: checks.map(({ key, version }) => ({ key, version })),
      writes: [...this.#writes].map(([name, write]) => ({
        key: keyOf(name),
        version: write.expectedVersion + 1,
        json: write.json,
        ...(write.ttlSeconds !== undefined && { ttlSeconds: write.ttlSeconds }),
      })),
      indexChanges: this.#indexChanges,
      events: this.#events,
    });
    if (conflict) {
      const name = names.get(conflict.key);
      const what = name ? describe(name) : conflict.key;
      throw new Conflict(
        `${what} was changed concurrently (expected version ${conflict.expected}, found ${conflict.found}).`,
      );
    }
  }

  /** The one partition every record read or written lives in (0 when none has one of its own). */
  #commitPartition(): number {
    const seen = new Map<number, RecordName>();
    if (this.partition !== undefined) seen.set(this.partition, '');
    const note = (name: RecordName, partition: number | undefined) => {
      if (partition !== undefined && !seen.has(partition)) seen.set(partition, name);
    };
    for (const [name, read] of this.#reads) note(name, read.partition);
    for (const name of this.#writes.keys()) {
      const { collection, id } = refOf(name);
      note(name, this.store.layout.partitionOf(collection, id));
    }
    if (seen.size > 1) {
      const touched = [...seen].map(([partition, name]) =>
        name === ''
          ? `partition ${partition} (the transaction's own)`
          : `${describe(name)} (partition ${partition})`,
      );
      throw new Error(
        `A unit of work must keep to the records of one partition, and this one touched ${touched.join(' and ')}: ` +
          'records changed together need the same partition key.',
      );
    }
    return seen.keys().next().value ?? 0;
  }
}

function nameOf(collection: string, id: string): RecordName {
  return `${collection}\u0000${id}`;
}

function refOf(name: RecordName): { collection: string; id: string } {
  const at = name.indexOf('\u0000');
  return { collection: name.slice(0, at), id: name.slice(at + 1) };
}

function describe(name: RecordName): string {
  const { collection, id } = refOf(name);
  return `${collection} ${id}`;
}
