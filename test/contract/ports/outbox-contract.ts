import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../subgraphs/kernel/domain-event.js';
import type { AdapterFactory, OutboxPorts } from './storage-adapters.js';

function anEvent(id: string): DomainEvent {
  return {
    id,
    type: 'ThingHappened',
    aggregateId: 'a-1',
    occurredAt: '2026-03-01T12:00:00.000Z',
    payload: { id },
  };
}

/** The behaviour every Outbox must have; `makeAdapter` gives a fresh, empty one. */
export function describeOutboxContract(name: string, makeAdapter: AdapterFactory<OutboxPorts>): void {
  describe(`Outbox contract: ${name}`, () => {
    it('is empty until something commits', async () => {
      const { outbox } = makeAdapter();
      expect(await outbox.pending(10)).toEqual([]);
    });

    it('hands out committed events oldest first, up to the limit, with rising sequences', async () => {
      const { outbox, commit } = makeAdapter();
      await commit([anEvent('e-1'), anEvent('e-2')]);
      await commit([anEvent('e-3')]);

      const firstTwo = await outbox.pending(2);
      const all = await outbox.pending(10);

      expect(firstTwo.map((entry) => entry.event)).toEqual([anEvent('e-1'), anEvent('e-2')]);
      expect(all.map((entry) => entry.event.id)).toEqual(['e-1', 'e-2', 'e-3']);
      const sequences = all.map((entry) => entry.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(new Set(sequences).size).toBe(3);
    });

    it('keeps handing out an entry until it is marked published, then forgets only that one', async () => {
      const { outbox, commit } = makeAdapter();
      await commit([anEvent('e-1'), anEvent('e-2'), anEvent('e-3')]);
      const [first, second] = await outbox.pending(2);

      await outbox.markPublished([first!.sequence]);
      expect((await outbox.pending(10)).map((entry) => entry.event.id)).toEqual(['e-2', 'e-3']);
      await outbox.markPublished([second!.sequence, first!.sequence, 9_999]);
      expect((await outbox.pending(10)).map((entry) => entry.event.id)).toEqual(['e-3']);
    });

    it('gives later commits later sequences than entries already published', async () => {
      const { outbox, commit } = makeAdapter();
      await commit([anEvent('e-1')]);
      const [published] = await outbox.pending(1);
      await outbox.markPublished([published!.sequence]);
      await commit([anEvent('e-2')]);
      const [next] = await outbox.pending(1);
      expect(next!.sequence).toBeGreaterThan(published!.sequence);
    });
  });
}
