import { z } from 'zod';
import { env } from '../../platform/config.js';

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
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[\w.:{}-]{1,64}$/, 'must be 1 to 64 letters, digits or . _ : - { }')
    .default('hexagraph'),
  OUTBOX_RELAY: env.boolean(true),
};

/** Storage options from a config holding the STORAGE_ENV variables. */
export function storageOptionsFrom(config: {
  STORAGE: 'memory' | 'redis';
  REDIS_URL: string;
  REDIS_NAMESPACE: string;
  OUTBOX_RELAY: boolean;
}): StorageOptions {
  return config.STORAGE === 'memory'
    ? { kind: 'memory' }
    : { kind: 'redis', url: config.REDIS_URL, namespace: config.REDIS_NAMESPACE, relay: config.OUTBOX_RELAY };
}

function safeProtocol(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}
