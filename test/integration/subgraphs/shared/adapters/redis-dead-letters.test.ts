import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../platform/logger.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import {
  deadLetterStreamKey,
  RedisDeadLetters,
} from '../../../../../subgraphs/shared/adapters/redis-dead-letters.js';
import { RedisStreamConsumer } from '../../../../../subgraphs/shared/adapters/redis-stream-consumer.js';
import { SubgraphMetrics } from '../../../../../subgraphs/shared/adapters/subgraph-metrics.js';
import {
  startRedisServer,
  type TestRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';

let server: TestRedisServer;
let redis: Redis;
const consumers: RedisStreamConsumer[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  redis?.disconnect();
  await server?.stop();
});

function anEvent(id: string): DomainEvent {
  return {
    id,
    type: 'ProductCreated',
    aggregateId: `p-${id}`,
    occurredAt: '2026-03-01T12:00:00.000Z',
    payload: {},
  };
}

async function publish(stream: string, event: DomainEvent): Promise<void> {
  await redis.xadd(stream, '*', 'id', event.id, 'type', event.type, 'event', JSON.stringify(event));
}

/**
 * A consumer of `stream` in group `pricing` that redelivers failed entries at once and fails on
 * the events in `poison`.
 */
function aConsumer(stream: string, poison: Set<string>, maxAttempts = 3) {
  const handled: string[] = [];
  const metrics = new SubgraphMetrics();
  const consumer = new RedisStreamConsumer(redis, {
    stream,
    group: 'pricing',
    consumer: 'c-1',
    source: 'product',
    log: silentLogger(),
    blockMs: 10,
    claimIdleMs: 0,
    maxAttempts,
    metrics,
    handle: async (event) => {
      if (poison.has(event.id)) throw new Error(`no price terms for ${event.aggregateId}`);
      handled.push(event.id);
    },
  });
  consumers.push(consumer);
  return { consumer, handled, metrics };
}

async function pendingCount(stream: string): Promise<number> {
  const [count] = (await redis.xpending(stream, 'pricing')) as [number];
  return count;
}

describe('RedisStreamConsumer with a poison event', () => {
  it('retries it up to the maximum attempts, then moves it to the dead letters and goes on', async () => {
    const stream = uniqueRedisNamespace('events');
    await publish(stream, anEvent('e-1'));
    await publish(stream, anEvent('e-2'));
    await publish(stream, anEvent('e-3'));
    const { consumer, handled, metrics } = aConsumer(stream, new Set(['e-2']));
    const deadLetters = new RedisDeadLetters(redis, { stream, group: 'pricing', source: 'product' });

    await consumer.consumeOnce();
    await consumer.consumeOnce();
    expect(await deadLetters.list()).toEqual([]);
    expect(await pendingCount(stream)).toBe(1);
    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1', 'e-3']);
    expect(await pendingCount(stream)).toBe(0);
    const [letter, ...others] = await deadLetters.list();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      subscriber: 'pricing',
      source: 'product',
      eventId: 'e-2',
      eventType: 'ProductCreated',
      event: anEvent('e-2'),
      error: 'no price terms for p-e-2',
      attempts: 3,
    });
    expect(Date.parse(letter!.deadLetteredAt)).not.toBeNaN();
    expect(await redis.xlen(deadLetterStreamKey(stream, 'pricing'))).toBe(1);
    expect(await metrics.registry.metrics()).toContain(
      'hexagraph_subgraph_dead_letters_total{subgraph="pricing",source="product",event_type="ProductCreated"} 1',
    );
  });

  it('moves an entry that holds no readable event to the dead letters at once', async () => {
    const stream = uniqueRedisNamespace('events');
    await redis.xadd(stream, '*', 'id', 'e-9', 'type', 'ProductCreated', 'event', '{cut off');
    await publish(stream, anEvent('e-1'));
    const { consumer, handled } = aConsumer(stream, new Set());

    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1']);
    expect(await pendingCount(stream)).toBe(0);
    expect(
      await new RedisDeadLetters(redis, { stream, group: 'pricing', source: 'product' }).list(),
    ).toMatchObject([
      {
        eventId: 'e-9',
        eventType: 'ProductCreated',
        event: undefined,
        error: 'The stream entry holds no readable event.',
      },
    ]);
  });

  it('replays a dead letter into the stream, where the group applies it once the cause is fixed', async () => {
    const stream = uniqueRedisNamespace('events');
    await publish(stream, anEvent('e-1'));
    const poison = new Set(['e-1']);
    const { consumer, handled } = aConsumer(stream, poison, 1);
    const deadLetters = new RedisDeadLetters(redis, { stream, group: 'pricing', source: 'product' });
    await consumer.consumeOnce();
    const [letter] = await deadLetters.list();

    poison.clear();
    expect(await deadLetters.replay(letter!.id)).toBe('replayed');
    expect(await deadLetters.replay(letter!.id)).toBe('unknown');
    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1']);
    expect(await deadLetters.list()).toEqual([]);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('does not replay a dead letter that holds no readable event', async () => {
    const stream = uniqueRedisNamespace('events');
    await redis.xadd(stream, '*', 'type', 'Nothing');
    const { consumer } = aConsumer(stream, new Set());
    const deadLetters = new RedisDeadLetters(redis, { stream, group: 'pricing', source: 'product' });
    await consumer.consumeOnce();
    const [letter] = await deadLetters.list();

    expect(await deadLetters.replay(letter!.id)).toBe('unreadable');
    expect(await deadLetters.list()).toHaveLength(1);
  });
});
