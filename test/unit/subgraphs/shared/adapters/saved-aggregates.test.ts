import { describe, expect, it } from 'vitest';
import { AggregateRoot } from '../../../../../subgraphs/kernel/aggregate-root.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import { SavedAggregates } from '../../../../../subgraphs/shared/adapters/saved-aggregates.js';

class Counter extends AggregateRoot {
  constructor(readonly id: string) {
    super(0);
  }

  bump(eventId: string): void {
    this.record({
      id: eventId,
      type: 'Bumped',
      aggregateId: this.id,
      occurredAt: '2026-03-01T12:00:00.000Z',
      payload: {},
    } satisfies DomainEvent);
  }
}

describe('SavedAggregates', () => {
  it('hands out the events of every tracked aggregate, in the order they were first tracked', () => {
    const saved = new SavedAggregates();
    const a = new Counter('a');
    const b = new Counter('b');
    a.bump('a-1');
    saved.track(a);
    b.bump('b-1');
    saved.track(b);
    a.bump('a-2');
    saved.track(a);

    expect(saved.pullEvents().map((event) => event.id)).toEqual(['a-1', 'a-2', 'b-1']);
  });

  it('hands each event out once', () => {
    const saved = new SavedAggregates();
    const a = new Counter('a');
    a.bump('a-1');
    saved.track(a);

    expect(saved.pullEvents()).toHaveLength(1);
    expect(saved.pullEvents()).toEqual([]);
    expect(a.pullDomainEvents()).toEqual([]);
  });

  it('has nothing to hand out when nothing was tracked', () => {
    expect(new SavedAggregates().pullEvents()).toEqual([]);
  });
});
