import { createHash } from 'node:crypto';
import type { RedisClient } from '../../../platform/redis/redis-client.js';

/**
 * A Lua script run by its SHA1 (EVALSHA), sent in full (EVAL) only when Redis does not know it
 * yet, e.g. after a restart flushed the script cache.
 */
export class RedisScript {
  /** The SHA1 Redis knows the script by. */
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with `keys` as KEYS and `args` as ARGV; resolves to its reply. */
  async run(
    redis: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
