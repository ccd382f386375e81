import type { ChainableCommander, Redis } from 'ioredis';
import { callRedis, toStorageError } from '../../../platform/redis/redis-errors.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { Outbox, OutboxEntry } from '../ports/outbox.js';
import { RedisScript } from './redis-script.js';
import { RedisTransaction } from './redis-transaction.js';
import type { Versioned } from './versioned.js';

/** A record as Redis holds it: its version and its JSON, not yet parsed. */
export interface StoredRecord {
  readonly version: number;
  readonly json: string;
}

/** A change to a sorted-set index, applied in the order it was staged. */
export interface IndexChange {
  readonly index: string;
  readonly member: string;
  readonly change: 'add' | 'remove';
}

/** Everything one commit checks and writes, in one atomic script run. */
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
// result cannot feed a later command of the same transaction.
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
  redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), event)
end
return redis.status_reply('OK')
`);

/**
 * Storage shared by a subgraph's Redis adapters, mirroring MemoryStore: named collections of
 * versioned JSON snapshots, lexicographic sorted-set indexes, and the outbox. Every key starts with
 * `keyPrefix` (e.g. `hexagraph:inventory:`):
 *
 * - `<prefix><collection>:<id>`: a hash `{ version, value }` per record;
 * - `<prefix>index:<name>`: a sorted set, every score 0, so members sort by their bytes;
 * - `<prefix>outbox`: a sorted set of event JSON scored by sequence, fed by `<prefix>outbox:sequence`.
 *
 * Commits run one Lua script that checks the version of every record the transaction read or
 * overwrote, then writes snapshots, index changes and outbox entries: all of them or none.
 */
export class RedisStore implements Outbox {
  constructor(
    readonly redis: Redis,
    readonly keyPrefix: string,
  ) {}

  /** The key of a record. */
  recordKey(collection: string, id: string): string {
    return `${this.keyPrefix}${collection}:${id}`;
  }

  /** The key of a sorted-set index. */
  indexKey(index: string): string {
    return `${this.keyPrefix}index:${index}`;
  }

  /** The key of the outbox sorted set. */
  get outboxKey(): string {
    return `${this.keyPrefix}outbox`;
  }

  /** Reads one committed snapshot, or undefined. */
  async get<T>(collection: string, id: string): Promise<Versioned<T> | undefined> {
    return (await this.getMany<T>(collection, [id]))[0];
  }

  /** Reads committed snapshots in one round trip, aligned with `ids`. */
  async getMany<T>(collection: string, ids: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    const found = await this.read(ids.map((id) => this.recordKey(collection, id)));
    return found.map((record) => record && { version: record.version, value: JSON.parse(record.json) as T });
  }

  /** Reads raw records by key in one round trip, aligned with `keys`. */
  async read(keys: readonly string[]): Promise<(StoredRecord | undefined)[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hmget(key, 'version', 'value');
    const replies = (await execPipeline(pipeline)) as [string | null, string | null][];
    return replies.map(([version, json]) =>
      version === null || json === null ? undefined : { version: Number(version), json },
    );
  }

  /** Up to `limit` members of an index in byte order, after `after` (exclusive) when given. */
  async indexRange(index: string, options: { after?: string; limit: number }): Promise<string[]> {
    const from = options.after === undefined ? '-' : `(${options.after}`;
    return callRedis(this.redis.zrange(this.indexKey(index), from, '+', 'BYLEX', 'LIMIT', 0, options.limit));
  }

  /** How many members an index holds. */
  async indexSize(index: string): Promise<number> {
    return callRedis(this.redis.zcard(this.indexKey(index)));
  }

  /** Starts a transaction: reads are recorded, writes staged until `commit`. */
  begin(): RedisTransaction {
    return new RedisTransaction(this);
  }

  /** Applies a commit plan atomically; resolves to the conflict that refused it, if any. */
  async commit(plan: CommitPlan): Promise<CommitConflict | undefined> {
    const keys = [this.outboxKey, `${this.outboxKey}:sequence`];
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
        position(this.indexKey(change.index)),
        change.change === 'add' ? 1 : 0,
        change.member,
      ]),
      events: plan.events.map((event) => JSON.stringify(event)),
    });
    const reply = await callRedis(COMMIT_SCRIPT.run(this.redis, keys, [encoded]));
    if (!Array.isArray(reply)) return undefined;
    const [key, expected, found] = reply as [string, number, number];
    return { key, expected, found };
  }

  /** The oldest `limit` outbox entries, in commit order. */
  async pending(limit: number): Promise<OutboxEntry[]> {
    if (limit < 1) return [];
    const flat = await callRedis(this.redis.zrange(this.outboxKey, 0, limit - 1, 'WITHSCORES'));
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      entries.push({ sequence: Number(flat[i + 1]), event: JSON.parse(flat[i]!) as DomainEvent });
    }
    return entries;
  }

  /** Removes published entries from the outbox; unknown sequences are ignored. */
  async markPublished(sequences: readonly number[]): Promise<void> {
    if (sequences.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const sequence of sequences) pipeline.zremrangebyscore(this.outboxKey, sequence, sequence);
    await execPipeline(pipeline);
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
