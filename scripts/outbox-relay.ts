/**
 * Runs one subgraph's outbox relay on its own, for services started with OUTBOX_RELAY=false:
 *
 *   SUBGRAPH=pricing REDIS_URL=redis://127.0.0.1:6379 npx tsx scripts/outbox-relay.ts
 *
 * It moves `<REDIS_NAMESPACE>:<SUBGRAPH>:outbox` to the stream `<REDIS_NAMESPACE>:events:<SUBGRAPH>`
 * until SIGINT or SIGTERM; with REDIS_CLUSTER_NODES, every partition's outbox of that subgraph on
 * the Redis Cluster to its hash-tagged stream. OUTBOX_RELAY_HALT_AT (after-read | after-publish) makes it stop dead at
 * that step of its first non-empty batch, printing `halted <step>`, so crash tests can kill it
 * between the commit and the publish, or between the publish and the outbox clean-up.
 */
import { z } from 'zod';
import { env, loadConfigOrExit, parseEnv } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { createRedisClient } from '../platform/redis/redis-client.js';
import { onShutdownSignal } from '../platform/shutdown.js';
import { INVENTORY_PARTITIONING } from '../subgraphs/inventory/adapters/redis-partitioning.js';
import { PRICING_PARTITIONING } from '../subgraphs/pricing/adapters/redis-partitioning.js';
import { PRODUCT_PARTITIONING } from '../subgraphs/product/adapters/redis-partitioning.js';
import { RedisOutboxRelay, type RelayCheckpoints } from '../subgraphs/shared/adapters/redis-outbox-relay.js';
import { eventStreamKey, redisKeyPrefix } from '../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../subgraphs/shared/adapters/redis-store.js';
import { STORAGE_ENV } from '../subgraphs/shared/storage-config.js';

const config = loadConfigOrExit(
  () =>
    parseEnv({
      SUBGRAPH: z.enum(['product', 'inventory', 'pricing'], {
        message: 'must be product, inventory or pricing',
      }),
      REDIS_URL: STORAGE_ENV.REDIS_URL,
      REDIS_NAMESPACE: STORAGE_ENV.REDIS_NAMESPACE,
      REDIS_CLUSTER_NODES: STORAGE_ENV.REDIS_CLUSTER_NODES,
      OUTBOX_RELAY_POLL_MS: env.positiveInt(200),
      OUTBOX_RELAY_LEASE_MS: env.positiveInt(10_000),
      OUTBOX_RELAY_HALT_AT: z
        .enum(['after-read', 'after-publish'], { message: 'must be after-read or after-publish' })
        .optional(),
      LOG_LEVEL: env.logLevel(),
    }),
  'outbox-relay',
);

const service = config.SUBGRAPH;
const log = createLogger({ service: `${service}-outbox-relay`, level: config.LOG_LEVEL });
const cluster = config.REDIS_CLUSTER_NODES;
const client = createRedisClient({
  url: config.REDIS_URL,
  cluster,
  connectionName: `${service}-outbox-relay`,
  log,
});
const partitioning = {
  product: PRODUCT_PARTITIONING,
  inventory: INVENTORY_PARTITIONING,
  pricing: PRICING_PARTITIONING,
}[service];
const store = new RedisStore(
  client,
  redisKeyPrefix(config.REDIS_NAMESPACE, service),
  cluster ? partitioning : undefined,
);
const stream = eventStreamKey(config.REDIS_NAMESPACE, service, cluster !== undefined);

const relay = new RedisOutboxRelay(client, store, {
  stream,
  leaseKey: `${store.outboxKey}:relay-lease`,
  log,
  pollIntervalMs: config.OUTBOX_RELAY_POLL_MS,
  leaseTtlMs: config.OUTBOX_RELAY_LEASE_MS,
  ...(config.OUTBOX_RELAY_HALT_AT && { checkpoints: haltAt(config.OUTBOX_RELAY_HALT_AT) }),
});
relay.start();
process.stdout.write(`outbox relay running: ${store.outboxKey} -> ${stream}\n`);

onShutdownSignal(log, async () => {
  await relay.stop();
  client.disconnect();
});

/** Checkpoints that never return from `step`: the process waits there until it is killed. */
function haltAt(step: 'after-read' | 'after-publish'): RelayCheckpoints {
  const halt = async (): Promise<void> => {
    process.stdout.write(`halted ${step}\n`);
    await new Promise<never>(() => {});
  };
  return step === 'after-read' ? { afterRead: halt } : { afterPublish: halt };
}
