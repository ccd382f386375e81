import type { Logger } from '../../../platform/logger.js';
import type { SecuritySettings } from '../config/security-config.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limit.js';
import { RedisRateLimiter, type RedisScriptClient } from './redis-rate-limiter.js';

/**
 * The rate limiter the settings ask for: none when rate limiting is off, token buckets in Redis
 * (shared by every replica) when a Redis client is given, otherwise in this process. Give it a
 * fail-fast client (`enableOfflineQueue: false`, `maxRetriesPerRequest: 1`).
 */
export function createRateLimiter(
  settings: SecuritySettings['rateLimit'],
  deps: { log: Logger; redis?: RedisScriptClient },
): RateLimiter | undefined {
  if (!settings) return undefined;
  const bucket = { capacity: settings.capacity, refillPerSecond: settings.refillPerSecond };
  if (!deps.redis) return new MemoryRateLimiter(bucket);
  return new RedisRateLimiter(
    deps.redis,
    { ...bucket, keyPrefix: settings.redisKeyPrefix, timeoutMs: settings.redisTimeoutMs },
    deps.log.child({ component: 'rate-limiter' }),
  );
}
