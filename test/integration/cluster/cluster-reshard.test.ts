import type { Cluster } from 'ioredis';
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

/** Slots `master` serves, in order. */
function slotsOf(master: ClusterNodeInfo): number[] {
  return master.slots.flatMap(([first, last]) =>
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
  );
}

/**
 * Slots moved at the least. The gateway's keys are found by trying names until one hashes into the
 * moving slots: with a single moving slot, 20,000 names miss it about one time in three; with 64,
 * about once in 10^34.
 */
const FEWEST_SLOTS_MOVED = 64;

/**
 * The move `redis-cli --cluster reshard` makes (a master's lowest slots first) that is shortest
 * while still taking at least one slot in `wanted` along, and at least `fewest` slots: the source,
 * and how many slots to move.
 */
function shortestMoveTaking(masters: ClusterNodeInfo[], wanted: Set<number>, fewest: number) {
  let best: { source: ClusterNodeInfo; count: number } | undefined;
  for (const source of masters) {
    const slots = slotsOf(source);
    const at = slots.findIndex((slot) => wanted.has(slot));
    const count = Math.min(slots.length, Math.max(at + 1, fewest));
    if (at >= 0 && (!best || count < best.count)) best = { source, count };
  }
  if (!best) throw new Error('No master serves any wanted slot.');
  return best;
}

describe('a Redis Cluster moving slots between masters under load', () => {
  it('commits or refuses each unit of work whole, and no event is lost or published twice', async () => {
    const namespace = uniqueRedisNamespace('reshard');
    const inventory = new RedisStore(client, redisKeyPrefix(namespace, 'inventory'), INVENTORY_PARTITIONING);
    const reserve = buildRedisInventoryApp({ store: inventory }).useCases.reserveStock;
    const products = Array.from({ length: 64 }, (_, i) => `p-rs-${i + 1}`);
    for (const productId of products) {
      const tx = inventory.begin();
      tx.put(STOCK_COLLECTION, `${productId}:AMS`, 0, {
        productId,
        warehouse: 'AMS',
        onHand: 10_000,
        reserved: 0,
      });
      await tx.commit();
    }
    const partitionSlots = await Promise.all(
      inventory.layout.all().map((partition) => cluster.keySlot(inventory.layout.outboxKey(partition))),
    );
    const masters = (await cluster.topology()).filter((node) => node.role === 'master');
    const { source, count } = shortestMoveTaking(masters, new Set(partitionSlots), FEWEST_SLOTS_MOVED);
    const target = masters.find((master) => master.id !== source.id)!;
    const moving = new Set(slotsOf(source).slice(0, count));
    // Gateway state in the moving slots too.
    const keySlot = (key: string) => cluster.keySlot(key);
    const rateKey = await firstWithSlotIn(
      moving,
      (i) => `ip:10.2.0.${i}`,
      (key) => keySlot(`${namespace}:rate:${key}`),
    );
    const cacheKey = await firstWithSlotIn(
      moving,
      (i) => `apq:${i}`,
      (key) => keySlot(`${namespace}:gateway:${key}`),
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
    for (let i = 0; i < 3; i += 1) await limiter.take(rateKey);
    await cache.set(cacheKey, 'query { product(id: "p-1") { id } }');
    const stream = eventStreamKey(namespace, 'inventory', true);
    const relay = new RedisOutboxRelay(client, inventory, {
      stream,
      leaseKey: `${inventory.outboxKey}:relay-lease`,
      log: silentLogger(),
      pollIntervalMs: 20,
    });
    relay.start();
    cleanups.push(() => relay.stop());

    // Reservations keep coming, mostly on products whose partition moves, while the slots move.
    const movingProducts = products.filter((productId) =>
      moving.has(partitionSlots[inventory.layout.partitionOf(STOCK_COLLECTION, `${productId}:AMS`)!]!),
    );
    expect(movingProducts.length).toBeGreaterThan(0);
    const committed: { productId: string; eventCount: number }[] = [];
    const failures: string[] = [];
    let resharded = false;
    const worker = async (offset: number) => {
      for (let i = offset; !resharded; i += 1) {
        const productId =
          i % 4 === 0 ? products[i % products.length]! : movingProducts[i % movingProducts.length]!;
        try {
          await reserve.execute({ productId, quantity: 1, warehouse: 'AMS' });
          committed.push({ productId, eventCount: 1 });
        } catch (error) {
          failures.push((error as Error).name);
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3].map((offset) => worker(offset)));
    await waitUntil(
      () => committed.length,
      (n) => n >= 20,
      { what: 'the load to start', timeoutMs: 20_000 },
    );
    await cluster.reshard({ from: source.id, to: target.id, slots: count });
    const afterMove = committed.length;
    await waitUntil(
      () => committed.length,
      (n) => n >= afterMove + 20,
      {
        what: 'reservations to commit on the new master',
        timeoutMs: 20_000,
      },
    );
    resharded = true;
    await load;

    expect(partitionSlots.filter((slot) => moving.has(slot)).length).toBeGreaterThan(0);
    for (const slot of moving)
      if (partitionSlots.includes(slot)) expect((await cluster.masterOf(slot)).id).toBe(target.id);
    expect(failures.filter((name) => name !== 'Conflict' && name !== 'StorageUnavailable')).toEqual([]);
    const levels = await new RedisStockReader(inventory).getMany(products);
    expect(Object.fromEntries(levels.map((level) => [level.productId, level.reserved]))).toEqual(
      Object.fromEntries(
        products.map((id) => [id, committed.filter((each) => each.productId === id).length]),
      ),
    );
    await waitUntil(
      () => inventory.pending(1),
      (pending) => pending.length === 0,
      {
        what: 'the relay to drain',
        timeoutMs: 20_000,
      },
    );
    const published = (await client.xrange(stream, '-', '+')).map(
      ([, fields]) => fields[fields.indexOf('id') + 1],
    );
    expect(published).toHaveLength(committed.length);
    expect(new Set(published).size).toBe(committed.length);

    expect(await cache.get(cacheKey)).toBe('query { product(id: "p-1") { id } }');
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await limiter.take(rateKey));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
  }, 180_000);
});

/** The first candidate `nameOf(0)`, `nameOf(1)`, ... whose slot is in `slots`. */
async function firstWithSlotIn(
  slots: Set<number>,
  nameOf: (i: number) => string,
  slotOf: (name: string) => Promise<number>,
): Promise<string> {
  for (let i = 0; i < 20_000; i += 1) if (slots.has(await slotOf(nameOf(i)))) return nameOf(i);
  throw new Error('No candidate key hashes to the moving slots.');
}
