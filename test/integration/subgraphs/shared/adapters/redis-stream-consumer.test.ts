import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../platform/logger.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import {
  RedisProcessedEventIds,
  RedisStreamConsumer,
  type StreamConsumerOptions,
} from '../../../../../subgraphs/shared/adapters/redis-stream-consumer.js';
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

/** A consumer on `stream` that records what it handled; `fail` makes the handler reject for those ids once. */
function aConsumer(stream: string, overrides: Partial<StreamConsumerOptions> & { fail?: Set<string> } = {}) {
  const handled: string[] = [];
  const { fail, ...options } = overrides;
  const consumer = new RedisStreamConsumer(redis, {
    stream,
    group: 'testers',
    consumer: 'c-1',
    log: silentLogger(),
    blockMs: 10,
    handle: async (event) => {
      if (fail?.delete(event.id)) throw new Error(`handler failed on ${event.id}`);
      handled.push(event.id);
    },
    ...options,
  });
  consumers.push(consumer);
  return { consumer, handled };
}

async function pendingCount(stream: string): Promise<number> {
  const [count] = (await redis.xpending(stream, 'testers')) as [number];
  return count;
}

describe('RedisStreamConsumer', () => {
  it('hands every event to the handler in stream order, including those published before the group existed', async () => {
    const stream = uniqueRedisNamespace('stream');
    await publish(stream, anEvent('e-1'));
    const { consumer, handled } = aConsumer(stream);
    await consumer.consumeOnce();
    await publish(stream, anEvent('e-2'));
    await publish(stream, anEvent('e-3'));
    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1', 'e-2', 'e-3']);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('applies a republished event once and acknowledges the duplicate', async () => {
    const stream = uniqueRedisNamespace('stream');
    await publish(stream, anEvent('e-1'));
    await publish(stream, anEvent('e-1'));
    const { consumer, handled } = aConsumer(stream);

    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1']);
    expect(await pendingCount(stream)).toBe(0);
    expect(await redis.ttl(`${stream}:processed:testers:e-1`)).toBeGreaterThan(0);
  });

  it('delivers an event again after its handler failed, and applies it then', async () => {
    const stream = uniqueRedisNamespace('stream');
    await publish(stream, anEvent('e-1'));
    await publish(stream, anEvent('e-2'));
    const { consumer, handled } = aConsumer(stream, { fail: new Set(['e-1']), claimIdleMs: 0 });

    await consumer.consumeOnce();
    expect(handled).toEqual(['e-2']);
    expect(await pendingCount(stream)).toBe(1);

    await consumer.consumeOnce();
    expect(handled).toEqual(['e-2', 'e-1']);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('takes over an entry another consumer read and never acknowledged', async () => {
    const stream = uniqueRedisNamespace('stream');
    await redis.xgroup('CREATE', stream, 'testers', '0', 'MKSTREAM');
    await publish(stream, anEvent('e-1'));
    await redis.xreadgroup('GROUP', 'testers', 'crashed', 'COUNT', 10, 'STREAMS', stream, '>');
    const patient = aConsumer(stream, { consumer: 'patient', claimIdleMs: 60_000 });
    const eager = aConsumer(stream, { consumer: 'eager', claimIdleMs: 0 });

    await patient.consumer.consumeOnce();
    expect(patient.handled).toEqual([]);
    await eager.consumer.consumeOnce();
    expect(eager.handled).toEqual(['e-1']);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('drops an entry that holds no readable event and goes on with the next', async () => {
    const stream = uniqueRedisNamespace('stream');
    await redis.xadd(stream, '*', 'event', '{not json');
    await redis.xadd(stream, '*', 'type', 'Nothing');
    await publish(stream, anEvent('e-1'));
    const { consumer, handled } = aConsumer(stream);

    await consumer.consumeOnce();

    expect(handled).toEqual(['e-1']);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('consults the processed log it is given instead of its own', async () => {
    const stream = uniqueRedisNamespace('stream');
    const applied = new Set(['e-1']);
    await publish(stream, anEvent('e-1'));
    await publish(stream, anEvent('e-2'));
    const { consumer, handled } = aConsumer(stream, {
      processed: {
        has: async (eventId) => applied.has(eventId),
        add: async (eventId) => {
          applied.add(eventId);
        },
      },
    });

    await consumer.consumeOnce();

    expect(handled).toEqual(['e-2']);
    expect([...applied]).toEqual(['e-1', 'e-2']);
    expect(await redis.exists(`${stream}:processed:testers:e-2`)).toBe(0);
  });

  it('consumes in the background until stopped, even while a read is waiting', async () => {
    const stream = uniqueRedisNamespace('stream');
    const { consumer, handled } = aConsumer(stream, { blockMs: 60_000 });
    consumer.start();
    await publish(stream, anEvent('e-1'));
    await expect.poll(() => handled, { timeout: 10_000 }).toEqual(['e-1']);

    // With a read waiting up to a minute, only an interrupted read lets this resolve in time.
    await consumer.stop();
  });
});

describe('RedisProcessedEventIds', () => {
  it('remembers an id for its time to live', async () => {
    const log = new RedisProcessedEventIds(redis, `${uniqueRedisNamespace('ids')}:`, 120);
    expect(await log.has('e-1')).toBe(false);
    await log.add('e-1');
    expect(await log.has('e-1')).toBe(true);
    expect(await log.has('e-2')).toBe(false);
  });
});
