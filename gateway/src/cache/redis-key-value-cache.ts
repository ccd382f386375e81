import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { withRedisDeadline } from '../../../platform/redis/redis-deadline.js';

/** The cache operations, as `onError` names them. */
export type CacheOperation = 'get' | 'set' | 'delete';

/** Options of a RedisKeyValueCache. */
export interface RedisKeyValueCacheOptions {
  /** Prefix of every key, e.g. `hexagraph:gateway:apq:`. */
  keyPrefix: string;
  log: Logger;
  /** Called on every failed operation, e.g. to count it in a metric. */
  onError?: (error: unknown, operation: CacheOperation) => void;
  /** Longest wait for Redis before an operation counts as failed (default 500 ms). */
  timeoutMs?: number;
}

/**
 * Apollo Server's KeyValueCache over an ioredis client, for automatic persisted queries and other
 * shared caches. It never fails a request: while Redis is down or slow, a read is a miss and a
 * write or delete is skipped; each failure reaches `onError`, and one warning is logged per outage
 * (plus a line when Redis answers again). Give it a client built with `enableOfflineQueue: false`,
 * so calls fail at once while Redis is away instead of waiting for `timeoutMs`.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  readonly #timeoutMs: number;
  #failing = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisKeyValueCacheOptions,
  ) {
    this.#timeoutMs = options.timeoutMs ?? 500;
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#attempt('get', () => this.redis.get(this.#key(key)));
    return value ?? undefined;
  }

  /** Stores `value`; a positive `ttl` (seconds, fractions allowed) makes Redis drop it after that long. */
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    await this.#attempt('set', () =>
      typeof ttl === 'number' && ttl > 0
        ? this.redis.set(this.#key(key), value, 'PX', Math.max(1, Math.round(ttl * 1000)))
        : this.redis.set(this.#key(key), value),
    );
  }

  /** True when a value was removed; false when there was none or Redis could not be reached. */
  async delete(key: string): Promise<boolean> {
    return ((await this.#attempt('delete', () => this.redis.del(this.#key(key)))) ?? 0) > 0;
  }

  #key(key: string): string {
    return `${this.options.keyPrefix}${key}`;
  }

  async #attempt<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await withRedisDeadline(call(), this.#timeoutMs);
      if (this.#failing) {
        this.#failing = false;
        this.options.log.info('cache reached Redis again');
      }
      return result;
    } catch (error) {
      this.options.onError?.(error, operation);
      if (!this.#failing) {
        this.#failing = true;
        this.options.log.warn(
          { err: error, operation },
          'cache cannot reach Redis; treating reads as misses',
        );
      }
      return undefined;
    }
  }
}
