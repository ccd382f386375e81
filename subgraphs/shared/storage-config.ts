import { z } from 'zod';
import { ConfigError, env } from '../../platform/config.js';
import { type RedisClusterSettings, redisClusterNodesEnv } from '../../platform/redis/redis-cluster-nodes.js';
import { redisNamespaceEnv } from '../../platform/redis/redis-namespace.js';

/** Where a subgraph keeps its state. */
export type StorageOptions = MemoryStorageOptions | RedisStorageOptions;

/** In-process memory: the default; state lives as long as the process. */
export interface MemoryStorageOptions {
  kind: 'memory';
}

/** Redis, shared by every replica of every subgraph. */
export interface RedisStorageOptions {
  kind: 'redis';
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /**
   * A Redis Cluster to use instead of `url`. Its keys carry hash tags, so that what one commit
   * touches shares a slot while the subgraphs' records spread over the masters.
   */
  cluster?: RedisClusterSettings;
  /** First segment of every key, so several systems or test runs can share one Redis. */
  namespace: string;
  /** Run the outbox relay inside the service (turn off to run `scripts/outbox-relay.ts` instead). */
  relay: boolean;
}

/** The Redis URL used when REDIS_URL is unset: a Redis on this machine. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The storage variables every subgraph reads; spread into its `parseEnv` shape. */
export const STORAGE_ENV = {
  STORAGE: z.enum(['memory', 'redis'], { message: 'must be memory or redis' }).default('memory'),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:$/.test(safeProtocol(value)), {
      message: 'must be a redis:// or rediss:// URL',
    })
    .default(DEFAULT_REDIS_URL),
  REDIS_NAMESPACE: redisNamespaceEnv(),
  REDIS_CLUSTER_NODES: redisClusterNodesEnv(),
  OUTBOX_RELAY: env.boolean(true),
};

/**
 * Storage options from a config holding the STORAGE_ENV variables. Throws a ConfigError for a
 * REDIS_NAMESPACE with braces on a Redis Cluster: the keys' own hash tags are built from it.
 */
export function storageOptionsFrom(config: {
  STORAGE: 'memory' | 'redis';
  REDIS_URL: string;
  REDIS_NAMESPACE: string;
  REDIS_CLUSTER_NODES?: RedisClusterSettings | undefined;
  OUTBOX_RELAY: boolean;
}): StorageOptions {
  if (config.STORAGE === 'memory') return { kind: 'memory' };
  const cluster = config.REDIS_CLUSTER_NODES;
  if (cluster && /[{}]/.test(config.REDIS_NAMESPACE))
    throw new ConfigError([
      `REDIS_NAMESPACE: must not contain { or } with REDIS_CLUSTER_NODES set, since the keys' hash tags are made from it (got ${JSON.stringify(config.REDIS_NAMESPACE)})`,
    ]);
  return {
    kind: 'redis',
    url: config.REDIS_URL,
    namespace: config.REDIS_NAMESPACE,
    relay: config.OUTBOX_RELAY,
    ...(cluster && { cluster }),
  };
}

function safeProtocol(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}
