import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../platform/logger.js';
import { STOCK_COLLECTION } from '../../../subgraphs/inventory/adapters/memory-stock-repository.js';
import { INVENTORY_PARTITIONING } from '../../../subgraphs/inventory/adapters/redis-partitioning.js';
import { seedRedisCatalog as seedInventory } from '../../../subgraphs/inventory/adapters/redis-seed-catalog.js';
import { RedisStockReader } from '../../../subgraphs/inventory/adapters/redis-stock-reader.js';
import { seedStockLevels } from '../../../subgraphs/inventory/adapters/seed-catalog.js';
import { buildRedisInventoryApp } from '../../../subgraphs/inventory/app.js';
import { PRICE_COLLECTION } from '../../../subgraphs/pricing/adapters/memory-price-repository.js';
import { productEventHandler } from '../../../subgraphs/pricing/adapters/product-event-handler.js';
import { PRICING_PARTITIONING } from '../../../subgraphs/pricing/adapters/redis-partitioning.js';
import { seedRedisCatalog as seedPricing } from '../../../subgraphs/pricing/adapters/redis-seed-catalog.js';
import { buildRedisPricingApp } from '../../../subgraphs/pricing/app.js';
import { PRODUCT_PARTITIONING } from '../../../subgraphs/product/adapters/redis-partitioning.js';
import { buildRedisProductApp } from '../../../subgraphs/product/app.js';
import { RedisOutboxRelay } from '../../../subgraphs/shared/adapters/redis-outbox-relay.js';
import { CommittedProcessedEventIds } from '../../../subgraphs/shared/adapters/redis-processed-events.js';
import { eventStreamKey, redisKeyPrefix } from '../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../subgraphs/shared/adapters/redis-store.js';
import { RedisStreamConsumer } from '../../../subgraphs/shared/adapters/redis-stream-consumer.js';
import { seedProductIds } from '../../../subgraphs/shared/seed.js';
import { describeInventoryUnitOfWorkContract } from '../../contract/ports/inventory-unit-of-work-contract.js';
import { describeOutboxContract } from '../../contract/ports/outbox-contract.js';
import { describePriceReaderContract } from '../../contract/ports/price-reader-contract.js';
import { describePriceRepositoryContract } from '../../contract/ports/price-repository-contract.js';
import { describeProcessedEventsContract } from '../../contract/ports/processed-events-contract.js';
import { describeProductRepositoryContract } from '../../contract/ports/product-repository-contract.js';
import { describeReservationReaderContract } from '../../contract/ports/reservation-reader-contract.js';
import { describeReservationRepositoryContract } from '../../contract/ports/reservation-repository-contract.js';
import { describeStockReaderContract } from '../../contract/ports/stock-reader-contract.js';
import { describeStockRepositoryContract } from '../../contract/ports/stock-repository-contract.js';
import { redisAdapters } from '../../contract/ports/storage-adapters.js';
import { aProduct } from '../../helpers/product-builders.js';
import { connectToCluster, startRedisCluster, type TestRedisCluster } from '../../helpers/redis-cluster.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';

let cluster: TestRedisCluster;
let client: Cluster;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = await connectToCluster(cluster);
}, 60_000);

afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  client?.disconnect();
  await cluster?.stop();
});

// The storage ports keep their contracts with the key layout of a cluster, on a real one.
const adapters = () => redisAdapters(client, { partitioned: true });
const NAME = 'Redis Cluster';
describeProductRepositoryContract(NAME, (options) => adapters().product(options));
describeStockRepositoryContract(NAME, (options) => adapters().inventory(options));
describeStockReaderContract(NAME, (options) => adapters().inventory(options));
describeReservationRepositoryContract(NAME, (options) => adapters().inventory(options));
describeReservationReaderContract(NAME, (options) => adapters().inventory(options));
describeInventoryUnitOfWorkContract(NAME, (options) => adapters().inventory(options));
describePriceRepositoryContract(NAME, (options) => adapters().pricing(options));
describePriceReaderContract(NAME, (options) => adapters().pricing(options));
describeProcessedEventsContract(NAME, (options) => adapters().pricing(options));
describeOutboxContract(NAME, () => adapters().outbox());

/** The stores of the three subgraphs under a fresh namespace, laid out as the services do on a cluster. */
function stores() {
  const namespace = uniqueRedisNamespace('cluster');
  return {
    namespace,
    product: new RedisStore(client, redisKeyPrefix(namespace, 'product'), PRODUCT_PARTITIONING),
    inventory: new RedisStore(client, redisKeyPrefix(namespace, 'inventory'), INVENTORY_PARTITIONING),
    pricing: new RedisStore(client, redisKeyPrefix(namespace, 'pricing'), PRICING_PARTITIONING),
  };
}

describe('the subgraphs on a Redis Cluster', () => {
  it("spread the seeded catalog over the masters, each product's records in one slot", async () => {
    const { namespace, inventory, pricing } = stores();
    expect(await seedInventory(inventory)).toBe(seedStockLevels().length);
    expect(await seedPricing(pricing)).toBe(1_000);
    expect(await seedInventory(inventory)).toBe(0);

    for (const service of ['inventory', 'pricing']) {
      const perMaster = await cluster.keysByMaster(`{${namespace}:${service}:*`);
      const holding = [...perMaster.values()].filter((count) => count > 0);
      expect(
        holding.length,
        `${service} keys by master: ${JSON.stringify([...perMaster])}`,
      ).toBeGreaterThanOrEqual(2);
    }
    const [productId] = seedProductIds(1);
    const levels = seedStockLevels().filter((level) => level.productId === productId);
    const slots = await Promise.all(
      levels.map((level) =>
        cluster.keySlot(inventory.recordKey(STOCK_COLLECTION, `${productId}:${level.warehouse}`)),
      ),
    );
    expect(new Set(slots).size).toBe(1);
    expect(await pricing.get(PRICE_COLLECTION, productId!)).toMatchObject({ version: 1 });
    const [stock] = await new RedisStockReader(inventory).getMany([productId!]);
    expect(stock?.levels).toHaveLength(levels.length);
  });

  it('relay a created product through its hash-tagged stream to pricing, which prices it once', async () => {
    const { namespace, product, pricing } = stores();
    const created = await buildRedisProductApp({ store: product }).useCases.createProduct.execute(aProduct());
    const stream = eventStreamKey(namespace, 'product', true);
    const relay = new RedisOutboxRelay(client, product, {
      stream,
      leaseKey: `${product.outboxKey}:relay-lease`,
      log: silentLogger(),
    });
    const pricingApp = buildRedisPricingApp({ store: pricing });
    const consumer = new RedisStreamConsumer(client, {
      stream,
      group: 'pricing',
      consumer: 'pricing-1',
      source: 'product',
      handle: productEventHandler(pricingApp.useCases.setDefaultPrice),
      processed: new CommittedProcessedEventIds(pricing),
      log: silentLogger(),
      blockMs: 50,
    });
    cleanups.push(() => consumer.stop());

    expect(await relay.relayOnce()).toBe(1);
    // A duplicate publication, as after a relay crash between publish and clean-up.
    const [entry] = await client.xrange(stream, '-', '+');
    await client.xadd(stream, '*', ...entry![1]);
    await consumer.consumeOnce();
    await consumer.consumeOnce();

    expect(await product.pending(10)).toEqual([]);
    expect(await pricing.get(PRICE_COLLECTION, created.id)).toMatchObject({
      version: 1,
      value: { listAmount: 999 },
    });
    const priceEvents = (await pricing.pending(100)).filter((each) => each.event.aggregateId === created.id);
    expect(priceEvents.map((each) => each.event.type)).toEqual(['PriceChanged']);
  });

  it('never oversell under concurrent reservations from two clients', async () => {
    const { inventory } = stores();
    const second = await connectToCluster(cluster, 'second');
    cleanups.push(async () => second.disconnect());
    const tx = inventory.begin();
    tx.put(STOCK_COLLECTION, 'p-race:AMS', 0, {
      productId: 'p-race',
      warehouse: 'AMS',
      onHand: 10,
      reserved: 0,
    });
    await tx.commit();
    const apps = [inventory, new RedisStore(second, inventory.keyPrefix, INVENTORY_PARTITIONING)].map(
      (store) => buildRedisInventoryApp({ store }),
    );

    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        apps[i % 2]!.useCases.reserveStock.execute({ productId: 'p-race', quantity: 1, warehouse: 'AMS' }),
      ),
    );

    const reserved = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refusals = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason.name] : [],
    );
    expect(reserved).toBe(10);
    expect(new Set(refusals)).toEqual(new Set(['InsufficientStock']));
    const [level] = await new RedisStockReader(inventory).getMany(['p-race']);
    expect(level).toMatchObject({ onHand: 10, reserved: 10 });
    const events = await inventory.pending(100);
    expect(events.map((each) => each.event.type)).toEqual(Array(10).fill('StockReserved'));
  });
});
