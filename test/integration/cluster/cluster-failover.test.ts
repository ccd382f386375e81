import { type Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeyValueCache } from '../../../gateway/src/cache/redis-key-value-cache.js';
import { RedisRateLimiter } from '../../../gateway/src/security/redis-rate-limiter.js';
import { silentLogger } from '../../../platform/logger.js';
import { STOCK_COLLECTION } from '../../../subgraphs/inventory/adapters/memory-stock-repository.js';
import { INVENTORY_PARTITIONING } from '../../../subgraphs/inventory/adapters/redis-partitioning.js';
import { RedisStockReader } from '../../../subgraphs/inventory/adapters/redis-stock-reader.js';
import { buildRedisInventoryApp } from '../../../subgraphs/inventory/app.js';
import { RedisOutboxRelay } from '../../../subgraphs/shared/adapters/redis-outbox-relay.js';
import { eventStreamKey, redisKeyPrefix } from '../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../subgraphs/shared/adapters/redis-store.js';
import {
  type ClusterNodeInfo,
  connectToCluster,
  startRedisCluster,
  type TestRedisCluster,
} from '../../helpers/redis-cluster.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { waitUntil } from '../../helpers/wait-until.js';

let cluster: TestRedisCluster;
let client: Cluster;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = await connectToCluster(cluster);
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  client?.disconnect();
  await cluster?.stop();
});

/** The `candidates` whose key `keyOf` hashes to a slot `master` serves. */
async function onMaster<T>(
  master: ClusterNodeInfo,
  candidates: T[],
  keyOf: (candidate: T) => string,
): Promise<T[]> {
  const found: T[] = [];
  for (const candidate of candidates) {
    const slot = await cluster.keySlot(keyOf(candidate));
    if (master.slots.some(([first, last]) => first <= slot && slot <= last)) found.push(candidate);
  }
  return found;
}

/** Waits until the master on `port` has passed everything it holds to at least one replica. */
async function replicated(port: number): Promise<void> {
  const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  try {
    await admin.connect();
    expect(await admin.call('WAIT', '1', '5000')).toBeGreaterThanOrEqual(1);
  } finally {
    admin.disconnect();
  }
}

describe('a Redis Cluster losing a master', () => {
  it('keeps committing, relaying, limiting and caching once the replica takes over, and loses nothing; the lost master rejoins', async () => {
    const namespace = uniqueRedisNamespace('failover');
    const inventory = new RedisStore(client, redisKeyPrefix(namespace, 'inventory'), INVENTORY_PARTITIONING);
    const reserve = buildRedisInventoryApp({ store: inventory }).useCases.reserveStock;
    const products = Array.from({ length: 48 }, (_, i) => `p-fo-${i + 1}`);
    for (const productId of products) {
      const tx = inventory.begin();
      tx.put(STOCK_COLLECTION, `${productId}:AMS`, 0, {
        productId,
        warehouse: 'AMS',
        onHand: 100,
        reserved: 0,
      });
      await tx.commit();
    }
    const victim = await cluster.masterOf(
      await cluster.keySlot(inventory.recordKey(STOCK_COLLECTION, 'p-fo-1:AMS')),
    );
    const victimProducts = await onMaster(victim, products, (id) =>
      inventory.recordKey(STOCK_COLLECTION, `${id}:AMS`),
    );
    const [rateKey] = await onMaster(
      victim,
      Array.from({ length: 200 }, (_, i) => `ip:10.1.0.${i}`),
      (key) => `${namespace}:rate:${key}`,
    );
    const [cacheKey] = await onMaster(
      victim,
      Array.from({ length: 200 }, (_, i) => `apq:${i}`),
      (key) => `${namespace}:gateway:${key}`,
    );
    const limiter = new RedisRateLimiter(
      client,
      { capacity: 5, refillPerSecond: 0.001, timeoutMs: 2_000, keyPrefix: `${namespace}:rate:` },
      silentLogger(),
    );
    const cache = new RedisKeyValueCache(client, {
      keyPrefix: `${namespace}:gateway:`,
      log: silentLogger(),
      timeoutMs: 2_000,
    });
    const stream = eventStreamKey(namespace, 'inventory', true);
    const relay = new RedisOutboxRelay(client, inventory, {
      stream,
      leaseKey: `${inventory.outboxKey}:relay-lease`,
      log: silentLogger(),
      pollIntervalMs: 20,
    });
    relay.start();
    cleanups.push(() => relay.stop());

    // Before: one reservation per product, three tokens, one cached query; all relayed and replicated.
    const committed: string[] = [];
    for (const productId of products) {
      const reservation = await reserve.execute({ productId, quantity: 1, warehouse: 'AMS' });
      committed.push(reservation.productId);
    }
    for (let i = 0; i < 3; i += 1) expect(await limiter.take(rateKey!)).toEqual({ allowed: true });
    await cache.set(cacheKey!, 'query { product(id: "p-1") { id } }');
    await waitUntil(
      () => inventory.pending(1),
      (pending) => pending.length === 0,
      { what: 'the relay to drain' },
    );
    for (const node of (await cluster.topology()).filter((each) => each.role === 'master'))
      await replicated(node.port);

    await cluster.kill(victim.port);
    // During the outage reservations go on; each either commits or fails with a retryable error.
    let outageOver = false;
    const failures: string[] = [];
    const load = (async () => {
      for (let i = 0; !outageOver; i += 1) {
        const productId = victimProducts[i % victimProducts.length]!;
        try {
          await reserve.execute({ productId, quantity: 1, warehouse: 'AMS' });
          committed.push(productId);
        } catch (error) {
          failures.push(`${(error as Error).name}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    })();
    await cluster.waitForFailover(victim.port);
    // Once the client has the new slot map, a reservation on the lost master's slots commits again.
    const before = committed.length;
    await waitUntil(
      () => committed.length,
      (count) => count > before,
      { what: 'a reservation to commit after the failover', timeoutMs: 30_000, intervalMs: 50 },
    );
    outageOver = true;
    await load;

    const expectedFailure = /^(StorageUnavailable|Conflict):/;
    expect(failures.filter((failure) => !expectedFailure.test(failure))).toEqual([]);
    const levels = await new RedisStockReader(inventory).getMany(products);
    const expected = new Map(products.map((id) => [id, committed.filter((each) => each === id).length]));
    expect(Object.fromEntries(levels.map((level) => [level.productId, level.reserved]))).toEqual(
      Object.fromEntries(expected),
    );
    await waitUntil(
      () => inventory.pending(1),
      (pending) => pending.length === 0,
      {
        what: 'the relay to drain after the failover',
        timeoutMs: 20_000,
      },
    );
    const published = (await client.xrange(stream, '-', '+')).map(
      ([, fields]) => fields[fields.indexOf('id') + 1],
    );
    expect(new Set(published).size).toBe(committed.length);

    expect(await cache.get(cacheKey!)).toBe('query { product(id: "p-1") { id } }');
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await limiter.take(rateKey!));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);

    // The lost master comes back, as a replica of the one that took over; nothing changes for clients.
    await cluster.restart(victim.port);
    for (const productId of victimProducts) {
      await reserve.execute({ productId, quantity: 1, warehouse: 'AMS' });
      committed.push(productId);
    }
    await waitUntil(
      () => inventory.pending(1),
      (pending) => pending.length === 0,
      {
        what: 'the relay to drain after the restart',
        timeoutMs: 20_000,
      },
    );
    expect(await client.xlen(stream)).toBe(committed.length);
  }, 120_000);
});
