import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis, toStorageError } from '../../../platform/redis/redis-errors.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { Outbox, OutboxEntry } from '../ports/outbox.js';
import { RedisKeyLayout, type RedisPartitioning } from './redis-key-layout.js';
import { RedisScript } from './redis-script.js';
import { RedisTransaction } from './redis-transaction.js';
import type { Versioned } from './versioned.js';

/** A record as Redis holds it: its version and its JSON, not yet parsed. */
export interface StoredRecord {
  readonly version: number;
  readonly json: string;
}

/** A record by name. */
export interface RecordRef {
  readonly collection: string;
  readonly id: string;
}

/** What a read found: the record (undefined when absent) and the partition it lives in. */
export interface FoundRecord {
  /** Undefined for an absent record that has no partition of its own (see RedisPartitioning). */
  readonly partition: number | undefined;
  readonly record: StoredRecord | undefined;
}

/** A change to a sorted-set index, applied in the order it was staged. */
export interface IndexChange {
  readonly index: string;
  readonly member: string;
  readonly change: 'add' | 'remove';
}

/** Everything one commit checks and writes, in one atomic script run on one partition. */
export interface CommitPlan {
  /** Records that must still be at `version` (0 = absent): every record read or overwritten. */
  readonly checks: readonly { readonly key: string; readonly version: number }[];
  readonly writes: readonly {
    readonly key: string;
    readonly version: number;
    readonly json: string;
    readonly ttlSeconds?: number;
  }[];
  readonly indexChanges: readonly IndexChange[];
  readonly events: readonly DomainEvent[];
}

/** Why a commit was refused: the first checked record that moved. */
export interface CommitConflict {
  readonly key: string;
  readonly expected: number;
  readonly found: number;
}

// Checks every version first and writes only when all still match, so a refused commit writes
// nothing; Redis runs the script without interleaving any other client's command.
//
// A script rather than WATCH/MULTI/EXEC: WATCH state belongs to a connection, so every unit of
// work in flight would need a connection of its own (a pool, and a queue when it runs dry); here
// the versions read travel with the commit, and any number of units of work share one client.
// It commits in one round trip instead of three (WATCH, read versions, MULTI..EXEC), and numbers
// outbox entries from a counter bumped in the same step, which MULTI cannot do: a queued INCR's
// result cannot feed a later command of the same transaction. Sequences are `counter * stride +
// offset` (the partition count and the partition), so they are unique across partitions.
const COMMIT_SCRIPT = new RedisScript(`
local plan = cjson.decode(ARGV[1])
for _, check in ipairs(plan.checks) do
  local found = tonumber(redis.call('HGET', KEYS[check[1]], 'version')) or 0
  if found ~= check[2] then return { KEYS[check[1]], check[2], found } end
end
for _, write in ipairs(plan.writes) do
  redis.call('HSET', KEYS[write[1]], 'version', write[2], 'value', write[3])
  if write[4] then redis.call('EXPIRE', KEYS[write[1]], write[4]) end
end
for _, change in ipairs(plan.index) do
  if change[2] == 1 then
    redis.call('ZADD', KEYS[change[1]], 0, change[3])
  else
    redis.call('ZREM', KEYS[change[1]], change[3])
  end
end
for _, event in ipairs(plan.events) do
  redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]) * plan.stride + plan.offset, event)
end
return redis.status_reply('OK')
`);

/**
 * Storage shared by a subgraph's Redis adapters, mirroring MemoryStore: named collections of
 * versioned JSON snapshots, lexicographic sorted-set indexes, and the outbox. Every key starts with
 * `keyPrefix` (e.g. `hexagraph:inventory:`), or on a Redis Cluster with its partition's hash tag
 * (see RedisKeyLayout). In each partition:
 *
 * - `<prefix><collection>:<id>`: a hash `{ version, value }` per record;
 * - `<prefix>index:<name>`: a sorted set, every score 0, so members sort by their bytes;
 * - `<prefix>outbox`: a sorted set of event JSON scored by sequence, fed by `<prefix>outbox:sequence`.
 *
 * Commits run one Lua script that checks the version of every record the transaction read or
 * overwrote, then writes snapshots, index changes and outbox entries: all of them or none. Reads
 * and the outbox span every partition; indexes are read as one across them.
 */
export class RedisStore implements Outbox {
  readonly layout: RedisKeyLayout;

  constructor(
    readonly redis: RedisClient,
    readonly keyPrefix: string,
    /** Spreads the records over hash-tagged partitions (a Redis Cluster); flat keys without. */
    partitioning?: RedisPartitioning,
  ) {
    this.layout = new RedisKeyLayout(keyPrefix, partitioning);
  }

  /** The key of a record in its partition (`partition` for one that has none of its own). */
  recordKey(collection: string, id: string, partition?: number): string {
    return this.layout.recordKey(this.layout.partitionOf(collection, id) ?? partition ?? 0, collection, id);
  }

  /** The key of a sorted-set index in `partition`. */
  indexKey(index: string, partition = 0): string {
    return this.layout.indexKey(partition, index);
  }

  /** The key of the (first partition's) outbox sorted set. */
  get outboxKey(): string {
    return this.layout.outboxKey(0);
  }

  /** Reads one committed snapshot, or undefined. */
  async get<T>(collection: string, id: string): Promise<Versioned<T> | undefined> {
    return (await this.getMany<T>(collection, [id]))[0];
  }

  /** Reads committed snapshots, aligned with `ids`: one round trip per partition, in parallel. */
  async getMany<T>(collection: string, ids: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    const found = await this.read(ids.map((id) => ({ collection, id })));
    return found.map(
      ({ record }) => record && { version: record.version, value: JSON.parse(record.json) as T },
    );
  }

  /**
   * Reads records, aligned with `refs`. A record with a partition of its own is read there; one
   * without is looked for in `only`, or in every partition when `only` is not given.
   */
  async read(refs: readonly RecordRef[], only?: number): Promise<FoundRecord[]> {
    if (refs.length === 0) return [];
    const lookups: { ref: number; partition: number; key: string }[] = [];
    const fixed = refs.map(({ collection, id }, ref) => {
      const partition = this.layout.partitionOf(collection, id);
      const partitions =
        partition !== undefined ? [partition] : only !== undefined ? [only] : this.layout.all();
      for (const each of partitions)
        lookups.push({ ref, partition: each, key: this.layout.recordKey(each, collection, id) });
      return partition;
    });
    const replies = await this.#perPartition(lookups, (pipeline, { key }) =>
      pipeline.hmget(key, 'version', 'value'),
    );
    const found: FoundRecord[] = fixed.map((partition) => ({ partition, record: undefined }));
    lookups.forEach((lookup, i) => {
      const [version, json] = replies[i] as [string | null, string | null];
      if (version === null || json === null || found[lookup.ref]!.record) return;
      found[lookup.ref] = { partition: lookup.partition, record: { version: Number(version), json } };
    });
    return found;
  }

  /** Up to `limit` members of an index in byte order, after `after` (exclusive) when given. */
  async indexRange(index: string, options: { after?: string; limit: number }): Promise<string[]> {
    const from = options.after === undefined ? '-' : `(${options.after}`;
    const slices = await Promise.all(
      this.layout
        .all()
        .map((partition) =>
          callRedis(
            this.redis.zrange(this.indexKey(index, partition), from, '+', 'BYLEX', 'LIMIT', 0, options.limit),
          ),
        ),
    );
    if (slices.length === 1) return slices[0]!;
    return slices
      .flat()
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .slice(0, options.limit);
  }

  /** How many members an index holds. */
  async indexSize(index: string): Promise<number> {
    const sizes = await Promise.all(
      this.layout.all().map((partition) => callRedis(this.redis.zcard(this.indexKey(index, partition)))),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  /**
   * Starts a transaction: reads are recorded, writes staged until `commit`. With `partition`, it
   * belongs to that partition from the start: records without a partition of their own are looked
   * for and created there.
   */
  begin(options: { partition?: number } = {}): RedisTransaction {
    return new RedisTransaction(this, options.partition);
  }

  /** Applies a commit plan to `partition` atomically; resolves to the conflict that refused it, if any. */
  async commit(partition: number, plan: CommitPlan): Promise<CommitConflict | undefined> {
    const keys = [this.layout.outboxKey(partition), this.layout.sequenceKey(partition)];
    const positions = new Map<string, number>();
    const position = (key: string): number => {
      let found = positions.get(key);
      if (found === undefined) {
        keys.push(key);
        found = keys.length;
        positions.set(key, found);
      }
      return found;
    };
    const encoded = JSON.stringify({
      checks: plan.checks.map((check) => [position(check.key), check.version]),
      writes: plan.writes.map((write) =>
        write.ttlSeconds === undefined
          ? [position(write.key), write.version, write.json]
          : [position(write.key), write.version, write.json, write.ttlSeconds],
      ),
      index: plan.indexChanges.map((change) => [
        position(this.indexKey(change.index, partition)),
        change.change === 'add' ? 1 : 0,
        change.member,
      ]),
      events: plan.events.map((event) => JSON.stringify(event)),
      stride: this.layout.partitions,
      offset: partition,
    });
    const reply = await callRedis(COMMIT_SCRIPT.run(this.redis, keys, [encoded]));
    if (!Array.isArray(reply)) return undefined;
    const [key, expected, found] = reply as [string, number, number];
    return { key, expected, found };
  }

  /** The oldest `limit` outbox entries by sequence: each partition's in commit order. */
  async pending(limit: number): Promise<OutboxEntry[]> {
    if (limit < 1) return [];
    const slices = await Promise.all(
      this.layout
        .all()
        .map((partition) =>
          callRedis(this.redis.zrange(this.layout.outboxKey(partition), 0, limit - 1, 'WITHSCORES')),
        ),
    );
    const entries: OutboxEntry[] = [];
    for (const flat of slices) {
      for (let i = 0; i < flat.length; i += 2) {
        entries.push({ sequence: Number(flat[i + 1]), event: JSON.parse(flat[i]!) as DomainEvent });
      }
    }
    if (slices.length === 1) return entries;
    return entries.sort((a, b) => a.sequence - b.sequence).slice(0, limit);
  }

  /** Removes published entries from the outbox; unknown sequences are ignored. */
  async markPublished(sequences: readonly number[]): Promise<void> {
    const removals = sequences.map((sequence) => ({
      sequence,
      partition: sequence % this.layout.partitions,
    }));
    await this.#perPartition(removals, (pipeline, { sequence, partition }) =>
      pipeline.zremrangebyscore(this.layout.outboxKey(partition), sequence, sequence),
    );
  }

  /**
   * Runs one command per item, one pipeline per partition (a pipeline to a Redis Cluster must stay
   * in one slot), the pipelines in parallel; resolves to the replies aligned with `items`.
   */
  async #perPartition<T extends { partition: number }>(
    items: readonly T[],
    command: (pipeline: ChainableCommander, item: T) => void,
  ): Promise<unknown[]> {
    const groups = new Map<number, number[]>();
    items.forEach((item, i) => {
      const group = groups.get(item.partition) ?? [];
      group.push(i);
      groups.set(item.partition, group);
    });
    const replies: unknown[] = new Array(items.length);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const pipeline = this.redis.pipeline();
        for (const i of indexes) command(pipeline, items[i]!);
        const results = await execPipeline(pipeline);
        indexes.forEach((i, j) => {
          replies[i] = results[j];
        });
      }),
    );
    return replies;
  }
}

/** Runs a pipeline and returns its replies, throwing the first failure (as StorageUnavailable when it is one). */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await callRedis(pipeline.exec());
  if (results === null) throw new Error('Redis discarded the pipeline.');
  return results.map(([error, reply]) => {
    if (error) throw toStorageError(error);
    return reply;
  });
}
