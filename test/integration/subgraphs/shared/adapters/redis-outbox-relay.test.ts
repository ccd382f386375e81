import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../platform/logger.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import { PRICE_COLLECTION } from '../../../../../subgraphs/pricing/adapters/memory-price-repository.js';
import { productEventHandler } from '../../../../../subgraphs/pricing/adapters/product-event-handler.js';
import { buildRedisPricingApp } from '../../../../../subgraphs/pricing/app.js';
import { buildRedisProductApp } from '../../../../../subgraphs/product/app.js';
import { RedisOutboxRelay } from '../../../../../subgraphs/shared/adapters/redis-outbox-relay.js';
import { CommittedProcessedEventIds } from '../../../../../subgraphs/shared/adapters/redis-processed-events.js';
import { eventStreamKey, redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';
import { RedisStreamConsumer } from '../../../../../subgraphs/shared/adapters/redis-stream-consumer.js';
import { aProduct } from '../../../../helpers/product-builders.js';
import {
  startRedisServer,
  type TestRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';
import { startTsxProcess, type TsxProcess } from '../../../../helpers/tsx-process.js';
import { waitUntil } from '../../../../helpers/wait-until.js';

let server: TestRedisServer;
let redis: Redis;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  redis?.disconnect();
  await server?.stop();
});

function anEvent(id: string): DomainEvent {
  return {
    id,
    type: 'ThingHappened',
    aggregateId: 'a-1',
    occurredAt: '2026-03-01T12:00:00.000Z',
    payload: { id },
  };
}

/** A store under a fresh namespace, and the stream its relay publishes to. */
function anOutbox(service = 'things') {
  const namespace = uniqueRedisNamespace(service);
  const store = new RedisStore(redis, redisKeyPrefix(namespace, service));
  const commit = async (...events: DomainEvent[]) => {
    const tx = store.begin();
    tx.record(events);
    await tx.commit();
  };
  return { namespace, store, commit, stream: eventStreamKey(namespace, service) };
}

function aRelay(store: RedisStore, stream: string, batchSize?: number) {
  const relay = new RedisOutboxRelay(redis, store, {
    stream,
    leaseKey: `${store.outboxKey}:relay-lease`,
    log: silentLogger(),
    pollIntervalMs: 20,
    ...(batchSize !== undefined && { batchSize }),
  });
  cleanups.push(() => relay.stop());
  return relay;
}

/** Each stream entry's fields as an object. */
async function streamEntries(stream: string): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(stream, '-', '+');
  return entries.map(([, fields]) => {
    const entry: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) entry[fields[i]!] = fields[i + 1]!;
    return entry;
  });
}

describe('RedisOutboxRelay', () => {
  it('publishes committed events to the stream in commit order, then clears them from the outbox', async () => {
    const { store, commit, stream } = anOutbox();
    await commit(anEvent('e-1'), anEvent('e-2'));
    await commit(anEvent('e-3'));

    expect(await aRelay(store, stream, 2).relayOnce()).toBe(2);
    expect(await store.pending(10)).toHaveLength(1);
    expect(await aRelay(store, stream, 2).relayOnce()).toBe(1);

    expect(await streamEntries(stream)).toEqual(
      ['e-1', 'e-2', 'e-3'].map((id) => ({ id, type: 'ThingHappened', event: JSON.stringify(anEvent(id)) })),
    );
    expect(await store.pending(10)).toEqual([]);
  });

  it('moves nothing when the outbox is empty', async () => {
    const { store, stream } = anOutbox();
    expect(await aRelay(store, stream).relayOnce()).toBe(0);
    expect(await redis.exists(stream)).toBe(0);
  });

  it('lets one of several running relays work an outbox, so each event is published once', async () => {
    const { store, commit, stream } = anOutbox();
    const relays = [aRelay(store, stream, 3), aRelay(store, stream, 3), aRelay(store, stream, 3)];
    for (const relay of relays) relay.start();

    for (let i = 1; i <= 12; i += 1) await commit(anEvent(`e-${i}`));
    await waitUntil(
      () => store.pending(1),
      (pending) => pending.length === 0,
      { what: 'an empty outbox' },
    );

    expect((await streamEntries(stream)).map((entry) => entry.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `e-${i + 1}`),
    );
  });
});

describe('the outbox relay process, killed between commit and clean-up', () => {
  const RELAY = 'scripts/outbox-relay.ts';

  /** Product storage with one created product, and pricing consuming product's stream. */
  async function productCreatedAndPricingListening() {
    const namespace = uniqueRedisNamespace('crash');
    const productStore = new RedisStore(redis, redisKeyPrefix(namespace, 'product'));
    const pricingStore = new RedisStore(redis, redisKeyPrefix(namespace, 'pricing'));
    const product = await buildRedisProductApp({ store: productStore }).useCases.createProduct.execute(
      aProduct(),
    );
    const pricing = buildRedisPricingApp({ store: pricingStore });
    const stream = eventStreamKey(namespace, 'product');
    const consumer = new RedisStreamConsumer(redis, {
      stream,
      group: 'pricing',
      consumer: 'pricing-test',
      handle: productEventHandler(pricing.useCases.setDefaultPrice),
      processed: new CommittedProcessedEventIds(pricingStore),
      log: silentLogger(),
      blockMs: 50,
    });
    consumer.start();
    cleanups.push(() => consumer.stop());
    return { namespace, productStore, pricingStore, productId: product.id, stream };
  }

  function startRelay(namespace: string, haltAt?: 'after-read' | 'after-publish'): TsxProcess {
    const relay = startTsxProcess(RELAY, {
      SUBGRAPH: 'product',
      REDIS_URL: server.url,
      REDIS_NAMESPACE: namespace,
      OUTBOX_RELAY_POLL_MS: '20',
      OUTBOX_RELAY_LEASE_MS: '300',
      OUTBOX_RELAY_HALT_AT: haltAt,
      LOG_LEVEL: 'silent',
    });
    cleanups.push(() => relay.stop('SIGKILL'));
    return relay;
  }

  /** Waits until the group has read every entry of the stream and acknowledged them all. */
  async function consumedEverything(stream: string): Promise<void> {
    await waitUntil(
      async () => {
        const [group] = (await redis.xinfo('GROUPS', stream)) as unknown[][];
        const info = Object.fromEntries(
          Array.from({ length: (group?.length ?? 0) / 2 }, (_, i) => [group![2 * i], group![2 * i + 1]]),
        );
        return { pending: info.pending, lag: info.lag };
      },
      (state) => state.pending === 0 && state.lag === 0,
      { what: 'the pricing group to consume the stream' },
    );
  }

  /** What pricing holds for the product: its price and the PriceChanged events it committed. */
  async function pricingOf(pricingStore: RedisStore, productId: string) {
    const price = await pricingStore.get<{ listAmount: number }>(PRICE_COLLECTION, productId);
    const events = (await pricingStore.pending(100)).filter((entry) => entry.event.aggregateId === productId);
    return { version: price?.version, listAmount: price?.value.listAmount, events: events.length };
  }

  it('publishes the event on restart after a crash before the publish, and pricing applies it once', async () => {
    const { namespace, productStore, pricingStore, productId, stream } =
      await productCreatedAndPricingListening();

    const crashed = startRelay(namespace, 'after-read');
    await crashed.waitForOutput(/^halted after-read$/m);
    await crashed.stop('SIGKILL');
    expect(await redis.xlen(stream)).toBe(0);
    expect((await productStore.pending(10)).map((entry) => entry.event.type)).toEqual(['ProductCreated']);

    startRelay(namespace);
    await waitUntil(
      () => productStore.pending(10),
      (pending) => pending.length === 0,
      { what: 'an empty outbox' },
    );
    await consumedEverything(stream);

    expect((await streamEntries(stream)).map((entry) => entry.type)).toEqual(['ProductCreated']);
    expect(await pricingOf(pricingStore, productId)).toEqual({ version: 1, listAmount: 999, events: 1 });
  });

  it('publishes the event again on restart after a crash before the clean-up, and pricing still applies it once', async () => {
    const { namespace, productStore, pricingStore, productId, stream } =
      await productCreatedAndPricingListening();

    const crashed = startRelay(namespace, 'after-publish');
    await crashed.waitForOutput(/^halted after-publish$/m);
    await crashed.stop('SIGKILL');
    expect(await redis.xlen(stream)).toBe(1);
    expect(await productStore.pending(10)).toHaveLength(1);

    startRelay(namespace);
    await waitUntil(
      () => productStore.pending(10),
      (pending) => pending.length === 0,
      { what: 'an empty outbox' },
    );
    await consumedEverything(stream);

    const published = await streamEntries(stream);
    expect(published.map((entry) => entry.type)).toEqual(['ProductCreated', 'ProductCreated']);
    expect(published[0]!.id).toBe(published[1]!.id);
    expect(await pricingOf(pricingStore, productId)).toEqual({ version: 1, listAmount: 999, events: 1 });
  });
});
