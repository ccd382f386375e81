import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { OutageLog } from '../outage-log.js';
import { describeRedisUrl } from './redis-errors.js';

/** Longest a command may wait for Redis before it fails with StorageUnavailable. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** Options of `createRedisClient`. */
export interface RedisClientOptions {
  url: string;
  /** Shown by `CLIENT LIST`, e.g. `inventory`. */
  connectionName: string;
  log: Logger;
}

/**
 * An ioredis client that fails fast while Redis is away instead of queueing: with the offline
 * queue off, a command issued while disconnected is refused at once, and one that was sent gets
 * at most REDIS_COMMAND_TIMEOUT_MS and one retry. Requests therefore answer SERVICE_UNAVAILABLE
 * promptly rather than hang. It keeps reconnecting for as long as it lives, and logs an outage
 * once when it starts and once when it ends.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const client = new Redis(options.url, {
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  });
  const outage = new OutageLog(
    options.log.child({ redis: describeRedisUrl(options.url) }),
    'connection to Redis',
  );
  // Without an 'error' listener ioredis prints every failed reconnection attempt to the console.
  client.on('error', (error) => outage.failed(error));
  client.on('ready', () => outage.succeeded());
  return client;
}
