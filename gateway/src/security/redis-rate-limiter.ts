import { createHash } from 'node:crypto';
import type { Logger } from '../../../platform/logger.js';
import { withRedisDeadline } from '../../../platform/redis/redis-deadline.js';
import type { RateLimitDecision, RateLimiter } from './rate-limit.js';
import { bucketRefillMs, type TokenBucketSettings } from './token-bucket.js';

/** What the limiter needs of an ioredis `Redis` (or `Cluster`): running a Lua script. */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Options of the Redis limiter. */
export interface RedisRateLimiterOptions extends TokenBucketSettings {
  /** Prefix of every bucket key, e.g. `hexagraph:rate:`. */
  keyPrefix: string;
  /** Longest wait for Redis before the request is let through. */
  timeoutMs: number;
}

// The same arithmetic as `takeToken`, atomic in Redis, on the Redis clock so that replicas with
// skewed clocks share one bucket consistently. Returns { allowed (0|1), milliseconds to wait }.
const TAKE_TOKEN_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1])
local at = tonumber(stored[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
  at = now
end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { allowed, wait }
`;
const TAKE_TOKEN_SHA = createHash('sha1').update(TAKE_TOKEN_SCRIPT).digest('hex');

/**
 * Token buckets in Redis, shared by every gateway replica: one atomic script per request, keys
 * under `keyPrefix` that expire once the bucket would be full again. When Redis fails or is slower
 * than `timeoutMs`, requests are let through (fail open) and one warning is logged per outage; the
 * gateway never fails because its limiter did. Give it an ioredis client built with
 * `enableOfflineQueue: false` and `maxRetriesPerRequest: 1`, so calls fail fast while Redis is down.
 */
export class RedisRateLimiter implements RateLimiter {
  #failing = false;

  constructor(
    private readonly client: RedisScriptClient,
    private readonly options: RedisRateLimiterOptions,
    private readonly log: Logger,
  ) {}

  async take(clientKey: string): Promise<RateLimitDecision> {
    try {
      const [allowed, waitMs] = parseReply(
        await withRedisDeadline(this.#run(clientKey), this.options.timeoutMs),
      );
      if (this.#failing) {
        this.#failing = false;
        this.log.info('rate limiter reached Redis again; limits apply');
      }
      return allowed
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true;
        this.log.warn(
          { err: error },
          'rate limiter cannot reach Redis; letting requests through until it can',
        );
      }
      return { allowed: true };
    }
  }

  async #run(clientKey: string): Promise<unknown> {
    const args = [
      `${this.options.keyPrefix}${clientKey}`,
      this.options.capacity,
      this.options.refillPerSecond,
      bucketRefillMs(this.options) + 1_000,
    ];
    try {
      return await this.client.evalsha(TAKE_TOKEN_SHA, 1, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.client.eval(TAKE_TOKEN_SCRIPT, 1, ...args);
    }
  }
}

function parseReply(reply: unknown): [boolean, number] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
    throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
  }
  return [reply[0] === 1, reply[1]];
}
