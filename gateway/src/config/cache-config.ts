import { z } from 'zod';
import { env } from '../../../platform/config.js';
import {
  type RedisClusterSettings,
  redisClusterNodesEnv,
} from '../../../platform/redis/redis-cluster-nodes.js';
import { redisNamespaceEnv } from '../../../platform/redis/redis-namespace.js';

/** Where automatic persisted queries are kept, and how long. */
export interface PersistedQuerySettings {
  /** Seconds a registered query is kept; null keeps it until the cache evicts it. */
  ttlSeconds: number | null;
  /** Prefix of the Redis keys (`<REDIS_NAMESPACE>:gateway:` unless set); Apollo Server adds `apq:` and the hash. */
  redisKeyPrefix: string;
  /** Longest wait for Redis before a read counts as a miss. */
  redisTimeoutMs: number;
}

/** State the gateway's replicas share, and the persisted queries kept there. */
export interface CacheConfig {
  /** Redis for state shared by replicas (persisted queries, rate-limit buckets); memory when unset. */
  redisUrl: string | undefined;
  /** A Redis Cluster for that state instead of `redisUrl`. */
  redisCluster: RedisClusterSettings | undefined;
  /**
   * First segment of the gateway's keys: rate limits under `<namespace>:rate:` and persisted
   * queries under `<namespace>:gateway:` unless their own prefixes are set.
   */
  redisNamespace: string;
  persistedQueries: PersistedQuerySettings;
}

const REDIS_URL_PATTERN = /^rediss?:\/\/[^\s]+$/;

/** The cache variables with their defaults. */
export const cacheEnvShape = {
  REDIS_URL: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .refine((value) => value === undefined || REDIS_URL_PATTERN.test(value), {
      message: 'must be a redis:// or rediss:// URL',
    }),
  REDIS_CLUSTER_NODES: redisClusterNodesEnv(),
  REDIS_NAMESPACE: redisNamespaceEnv(),
  PERSISTED_QUERIES_TTL_SECONDS: env.nonNegativeInt(86_400),
  PERSISTED_QUERIES_REDIS_PREFIX: z.string().optional(),
  PERSISTED_QUERIES_REDIS_TIMEOUT_MS: env.positiveInt(200),
};

/** What `parseEnv(cacheEnvShape)` returns. */
export type CacheEnv = z.infer<z.ZodObject<typeof cacheEnvShape>>;

/** The cache section from parsed variables; a TTL of 0 means no expiry. */
export function cacheConfigFrom(parsed: CacheEnv): CacheConfig {
  return {
    redisUrl: parsed.REDIS_URL,
    redisCluster: parsed.REDIS_CLUSTER_NODES,
    redisNamespace: parsed.REDIS_NAMESPACE,
    persistedQueries: {
      ttlSeconds: parsed.PERSISTED_QUERIES_TTL_SECONDS === 0 ? null : parsed.PERSISTED_QUERIES_TTL_SECONDS,
      redisKeyPrefix: parsed.PERSISTED_QUERIES_REDIS_PREFIX ?? `${parsed.REDIS_NAMESPACE}:gateway:`,
      redisTimeoutMs: parsed.PERSISTED_QUERIES_REDIS_TIMEOUT_MS,
    },
  };
}
