import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../platform/logger.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import { MemoryEventBus } from '../../../../../subgraphs/shared/adapters/memory-event-bus.js';
import { MemoryOutboxRelay } from '../../../../../subgraphs/shared/adapters/memory-outbox-relay.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';

function anEvent(id: string): DomainEvent {
  return {
    id,
    type: 'ThingHappened',
    aggregateId: 'a-1',
    occurredAt: '2026-01-01T00:00:00.000Z',
    payload: {},
  };
}

function commitEvents(store: MemoryStore, ...ids: string[]): void {
  const tx = store.begin();
  tx.record(ids.map(anEvent));
  tx.commit();
}

describe('MemoryOutboxRelay', () => {
  it('delivers committed events to subscribers in order and empties the outbox', async () => {
    const store = new MemoryStore();
    const bus = new MemoryEventBus();
    const seen: string[] = [];
    bus.subscribe('catalog', async (event) => {
      seen.push(event.id);
    });
    const relay = new MemoryOutboxRelay(store, bus, silentLogger(), { source: 'catalog' });
    commitEvents(store, 'e-1', 'e-2');
    commitEvents(store, 'e-3');

    expect(await relay.drain()).toBe(3);
    expect(seen).toEqual(['e-1', 'e-2', 'e-3']);
    expect(await store.pending(10)).toEqual([]);
  });

  it('keeps the events when a subscriber fails, and delivers them on the next pass', async () => {
    const store = new MemoryStore();
    const bus = new MemoryEventBus();
    let failuresLeft = 1;
    const seen: string[] = [];
    bus.subscribe('catalog', async (event) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('subscriber down');
      }
      seen.push(event.id);
    });
    const relay = new MemoryOutboxRelay(store, bus, silentLogger(), { source: 'catalog' });
    commitEvents(store, 'e-1');

    await expect(relay.drain()).rejects.toThrow('subscriber down');
    expect((await store.pending(10)).map((entry) => entry.event.id)).toEqual(['e-1']);
    expect(await relay.drain()).toBe(1);
    expect(seen).toEqual(['e-1']);
  });

  it('drains the outbox even when nobody subscribes, so it does not grow for the life of the process', async () => {
    const store = new MemoryStore();
    const relay = new MemoryOutboxRelay(store, new MemoryEventBus(), silentLogger(), {
      source: 'catalog',
      batchSize: 2,
    });
    commitEvents(store, 'e-1', 'e-2', 'e-3');

    expect(await relay.drain()).toBe(2);
    expect(await relay.drain()).toBe(1);
    expect(await relay.drain()).toBe(0);
  });
});
