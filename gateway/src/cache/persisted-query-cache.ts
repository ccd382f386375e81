import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import type { PersistedQuerySettings } from '../config/cache-config.js';
import type { GatewayMetrics } from '../observability/gateway-metrics.js';
import { RedisKeyValueCache } from './redis-key-value-cache.js';

/**
 * The automatic persisted-query cache: in Redis, shared by every replica, when a client is given
 * (build it fail-fast: `enableOfflineQueue: false`, `maxRetriesPerRequest: 1`), otherwise an LRU
 * in this process. Redis trouble never fails a request: a read degrades to a miss (the client then
 * resends its query text), one warning is logged per outage and `metrics` counts every failure.
 */
export function persistedQueryCache(options: {
  settings: PersistedQuerySettings;
  log: Logger;
  redis?: RedisClient;
  metrics?: GatewayMetrics;
}): KeyValueCache<string> {
  const { redis, settings, metrics } = options;
  if (!redis) return new InMemoryLRUCache<string>();
  return new RedisKeyValueCache(redis, {
    keyPrefix: settings.redisKeyPrefix,
    timeoutMs: settings.redisTimeoutMs,
    log: options.log.child({ component: 'persisted-query-cache' }),
    onError: (_error, operation) => metrics?.countCacheError(operation),
  });
}
