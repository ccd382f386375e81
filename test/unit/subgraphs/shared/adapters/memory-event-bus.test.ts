import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import { MemoryEventBus } from '../../../../../subgraphs/shared/adapters/memory-event-bus.js';
import { SubgraphMetrics } from '../../../../../subgraphs/shared/adapters/subgraph-metrics.js';
import { capturedLogger } from '../../../../helpers/captured-logger.js';

function anEvent(id: string, type = 'ProductCreated'): DomainEvent {
  return { id, type, aggregateId: `p-${id}`, occurredAt: '2026-03-01T12:00:00.000Z', payload: { id } };
}

/** A bus with one subscriber that fails on the events in `poison` (until `cured`). */
function aBus(poison: Set<string>, maxAttempts = 3) {
  const bus = new MemoryEventBus();
  const metrics = new SubgraphMetrics();
  const { log, lines } = capturedLogger();
  const handled: string[] = [];
  bus.subscribe(
    'product',
    async (event) => {
      if (poison.has(event.id)) throw new Error(`cannot apply ${event.id}`);
      handled.push(event.id);
    },
    { subscriber: 'pricing', maxAttempts, metrics, log },
  );
  return { bus, metrics, handled, lines };
}

/** What a relay does: publishes the batch again after each failure, as long as it fails. */
async function publishUntilDelivered(bus: MemoryEventBus, events: DomainEvent[]): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await bus.publish('product', events);
      return attempt;
    } catch {}
  }
}

describe('MemoryEventBus dead letters', () => {
  it('sets a poison event aside after the maximum attempts and goes on with the next events', async () => {
    const { bus, handled, lines } = aBus(new Set(['e-2']));

    expect(await publishUntilDelivered(bus, [anEvent('e-1'), anEvent('e-2'), anEvent('e-3')])).toBe(3);

    expect(handled).toEqual(['e-1', 'e-1', 'e-1', 'e-3']);
    const [letter, ...others] = await bus.list();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      subscriber: 'pricing',
      source: 'product',
      eventId: 'e-2',
      eventType: 'ProductCreated',
      event: anEvent('e-2'),
      error: 'cannot apply e-2',
      attempts: 3,
    });
    expect(Date.parse(letter!.deadLetteredAt)).not.toBeNaN();
    expect(lines.filter((line) => line.level === 50).map((line) => line.eventId)).toEqual(['e-2']);
  });

  it('counts each dead letter in the subgraph metrics', async () => {
    const { bus, metrics } = aBus(new Set(['e-1', 'e-2']), 1);
    await publishUntilDelivered(bus, [anEvent('e-1'), anEvent('e-2', 'ProductUpdated')]);

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'hexagraph_subgraph_dead_letters_total{subgraph="pricing",source="product",event_type="ProductCreated"} 1',
    );
    expect(text).toContain(
      'hexagraph_subgraph_dead_letters_total{subgraph="pricing",source="product",event_type="ProductUpdated"} 1',
    );
  });

  it('forgets failures once an event gets through, so a later failure starts counting again', async () => {
    const poison = new Set(['e-1']);
    const { bus, handled } = aBus(poison, 2);
    await expect(bus.publish('product', [anEvent('e-1')])).rejects.toThrow('cannot apply e-1');
    poison.clear();
    await bus.publish('product', [anEvent('e-1')]);
    poison.add('e-1');
    await expect(bus.publish('product', [anEvent('e-1')])).rejects.toThrow('cannot apply e-1');

    expect(handled).toEqual(['e-1']);
    expect(await bus.list()).toEqual([]);
  });

  it('replays a dead letter once its cause is fixed, and keeps one that fails again', async () => {
    const poison = new Set(['e-1', 'e-2']);
    const { bus, handled } = aBus(poison, 1);
    await publishUntilDelivered(bus, [anEvent('e-1'), anEvent('e-2')]);
    const [first, second] = await bus.list();

    poison.delete('e-1');
    expect(await bus.replay(first!.id)).toBe('replayed');
    expect(await bus.replay(second!.id)).toBe('failed');
    expect(await bus.replay('no-such-id')).toBe('unknown');

    expect(handled).toEqual(['e-1']);
    expect(await bus.list()).toEqual([{ ...second, attempts: 2 }]);
  });

  it('refuses a maximum of attempts below 1', () => {
    expect(() =>
      new MemoryEventBus().subscribe('product', async () => {}, { subscriber: 'pricing', maxAttempts: 0 }),
    ).toThrow('maxAttempts must be a whole number >= 1 (got 0).');
  });
});
