/**
 * How a subgraph's records spread over partitions on a Redis Cluster. The keys of one partition
 * share a hash tag, so one commit (one Lua script) may touch any of them; the partitions' tags hash
 * to different slots, so the records spread over the masters. A unit of work commits to one
 * partition: the records one use case changes together must have the same partition key.
 */
export interface RedisPartitioning {
  /** How many partitions; 1 keeps every record of the subgraph under one tag. */
  readonly count: number;
  /**
   * The partition key of a record (e.g. the product id it belongs to), or undefined for a record
   * that is found by looking in every partition (a reservation, known by its own id only) and is
   * created in the partition of the unit of work that creates it.
   */
  partitionKey(collection: string, id: string): string | undefined;
}

/** Everything of a subgraph in one partition: for stores whose invariants span all their records. */
export const SINGLE_PARTITION: RedisPartitioning = { count: 1, partitionKey: () => undefined };

/**
 * Where each of a RedisStore's keys lives. Without a partitioning the keys are flat, as on a single
 * Redis: `<prefix><collection>:<id>`, `<prefix>index:<name>`, `<prefix>outbox`. With one, every key
 * starts with its partition's hash tag, made from the prefix: `{hexagraph:inventory:7}:stock:p-0001:AMS`,
 * or `{hexagraph:product}:products:p-0001` for a single partition.
 */
export class RedisKeyLayout {
  readonly partitions: number;

  constructor(
    /** The store's prefix, e.g. `hexagraph:inventory:`. */
    readonly keyPrefix: string,
    private readonly partitioning?: RedisPartitioning,
  ) {
    const count = partitioning?.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 1)
      throw new RangeError(`A partitioning needs a whole number of partitions >= 1 (got ${count}).`);
    this.partitions = count;
  }

  /** True when keys carry hash tags (a Redis Cluster). */
  get tagged(): boolean {
    return this.partitioning !== undefined;
  }

  /** The partition a record lives in, or undefined when it has to be looked for. */
  partitionOf(collection: string, id: string): number | undefined {
    if (this.partitions === 1) return 0;
    const key = this.partitioning?.partitionKey(collection, id);
    return key === undefined ? undefined : partitionIndex(key, this.partitions);
  }

  /** The prefix of every key of `partition`. */
  prefix(partition: number): string {
    if (!this.partitioning) return this.keyPrefix;
    const base = this.keyPrefix.replace(/:$/, '');
    return this.partitions === 1 ? `{${base}}:` : `{${base}:${partition}}:`;
  }

  recordKey(partition: number, collection: string, id: string): string {
    return `${this.prefix(partition)}${collection}:${id}`;
  }

  indexKey(partition: number, index: string): string {
    return `${this.prefix(partition)}index:${index}`;
  }

  outboxKey(partition: number): string {
    return `${this.prefix(partition)}outbox`;
  }

  /** The counter that numbers a partition's outbox entries. */
  sequenceKey(partition: number): string {
    return `${this.outboxKey(partition)}:sequence`;
  }

  /** Every partition number, in order. */
  all(): number[] {
    return Array.from({ length: this.partitions }, (_, i) => i);
  }
}

/** The partition of `key` among `count`: FNV-1a, stable across processes and releases. */
export function partitionIndex(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
