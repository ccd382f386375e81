import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { OutageLog } from '../outage-log.js';
import { describeRedisCluster, type RedisClusterSettings } from './redis-cluster-nodes.js';
import { describeRedisUrl } from './redis-errors.js';

/** Longest a command may wait for Redis before it fails with StorageUnavailable. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** A client of one Redis or of a Redis Cluster: both speak the same commands. */
export type RedisClient = Redis | Cluster;

/** Options of `createRedisClient`: a `url`, or a `cluster`. */
export interface RedisClientOptions {
  /** `redis://` or `rediss://` URL of a single Redis. */
  url?: string | undefined;
  /** A Redis Cluster to connect to instead of `url`. */
  cluster?: RedisClusterSettings | undefined;
  /** Shown by `CLIENT LIST`, e.g. `inventory`. */
  connectionName: string;
  log: Logger;
}

/**
 * A client that fails fast while Redis is away instead of queueing: with the offline queue off, a
 * command issued while disconnected is refused at once, and one that was sent gets at most
 * REDIS_COMMAND_TIMEOUT_MS and one retry. Requests therefore answer SERVICE_UNAVAILABLE promptly
 * rather than hang. It keeps reconnecting for as long as it lives, and logs an outage once when it
 * starts and once when it ends.
 *
 * With `cluster` it is an ioredis Cluster client: it learns the topology from the seed nodes,
 * follows MOVED and ASK redirections (a slot that moved, or is moving, to another master), and after
 * a failover finds the promoted replica by refreshing the slot map.
 */
export function createRedisClient(options: RedisClientOptions & { cluster: RedisClusterSettings }): Cluster;
export function createRedisClient(options: RedisClientOptions & { url: string; cluster?: undefined }): Redis;
export function createRedisClient(options: RedisClientOptions): RedisClient;
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const { url, cluster } = options;
  if (!cluster && url === undefined) throw new Error('createRedisClient needs a url or a cluster.');
  const client = cluster
    ? createClusterClient(cluster, options.connectionName)
    : new Redis(url as string, {
        connectionName: options.connectionName,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
        commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
      });
  const where = describeRedisTarget(options);
  const outage = new OutageLog(options.log.child({ redis: where }), 'connection to Redis');
  // Without an 'error' listener ioredis prints every failed reconnection attempt to the console.
  client.on('error', (error) => outage.failed(error));
  client.on('ready', () => outage.succeeded());
  return client;
}

/** Where a client connects, without credentials: `cache:6379/0` or `cluster 10.0.0.1:6379,...`. */
export function describeRedisTarget(target: Pick<RedisClientOptions, 'url' | 'cluster'>): string {
  if (target.cluster) return describeRedisCluster(target.cluster);
  return describeRedisUrl(target.url ?? '');
}

function createClusterClient(settings: RedisClusterSettings, connectionName: string): Cluster {
  return new Cluster(settings.nodes, {
    enableOfflineQueue: false,
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    // A command that meets a failing master waits for the new slot map this long between tries.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: REDIS_COMMAND_TIMEOUT_MS,
    redisOptions: {
      connectionName,
      maxRetriesPerRequest: 1,
      connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      ...(settings.username !== undefined && { username: settings.username }),
      ...(settings.password !== undefined && { password: settings.password }),
      ...(settings.tls && { tls: {} }),
    },
  });
}

/** Options of `duplicateRedisClient`. */
export interface DuplicateOptions {
  connectionName: string;
  /** Queue commands while disconnected instead of refusing them. */
  enableOfflineQueue: boolean;
  commandTimeout: number;
}

/**
 * A second client to the same Redis or Cluster, with connections of its own: for a blocking read
 * (XREADGROUP BLOCK) that must not hold up the commands of the shared client.
 */
export function duplicateRedisClient(client: RedisClient, options: DuplicateOptions): RedisClient {
  if (client instanceof Cluster) {
    return client.duplicate([], {
      enableOfflineQueue: options.enableOfflineQueue,
      redisOptions: {
        ...client.options.redisOptions,
        connectionName: options.connectionName,
        commandTimeout: options.commandTimeout,
      },
    });
  }
  return client.duplicate(options);
}

/** True for a Redis Cluster client. */
export function isClusterClient(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}
