import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import { RedisScript } from './redis-script.js';

const HOLD_SCRIPT = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`);

const RELEASE_SCRIPT = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A lease one process at a time holds on a Redis key: taken when free, extended by its holder, and
 * lost to another process when the holder stops extending it for `ttlMs` (it crashed or hung).
 */
export class RedisLease {
  constructor(
    private readonly redis: RedisClient,
    /** The key the lease lives in. */
    readonly key: string,
    private readonly ttlMs: number,
    /** Who this process is to the lease; unique per holder. */
    readonly owner: string = randomUUID(),
  ) {
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1)
      throw new RangeError(`lease ttlMs must be a whole number of milliseconds >= 1 (got ${ttlMs}).`);
  }

  /** Takes the lease if it is free or extends it if this owner holds it; true while this owner holds it. */
  async hold(): Promise<boolean> {
    return (await callRedis(HOLD_SCRIPT.run(this.redis, [this.key], [this.owner, this.ttlMs]))) === 1;
  }

  /** Gives the lease up if this owner holds it, so another process need not wait for it to expire. */
  async release(): Promise<void> {
    await callRedis(RELEASE_SCRIPT.run(this.redis, [this.key], [this.owner]));
  }
}
