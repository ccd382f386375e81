import { LRUCache } from 'lru-cache';
import type { RateLimitDecision, RateLimiter } from './rate-limit.js';
import { type BucketState, type TokenBucketSettings, takeToken } from './token-bucket.js';

/** Options of the in-process limiter. */
export interface MemoryRateLimiterOptions extends TokenBucketSettings {
  /** Most buckets kept; the least recently used is forgotten (which refills it). */
  maxClients?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/**
 * Token buckets in this process: the default, exact for one gateway replica. Memory is bounded by
 * `maxClients`, so a client cycling through addresses cannot grow it without limit.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets: LRUCache<string, BucketState>;
  readonly #now: () => number;

  constructor(private readonly options: MemoryRateLimiterOptions) {
    this.#buckets = new LRUCache({ max: options.maxClients ?? 100_000 });
    this.#now = options.now ?? Date.now;
  }

  async take(clientKey: string): Promise<RateLimitDecision> {
    const result = takeToken(this.#buckets.get(clientKey), this.#now(), this.options);
    this.#buckets.set(clientKey, result.state);
    return result.allowed
      ? { allowed: true }
      : { allowed: false, retryAfterSeconds: result.retryAfterSeconds };
  }
}
