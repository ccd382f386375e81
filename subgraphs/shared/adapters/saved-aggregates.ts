import type { AggregateRoot } from '../../kernel/aggregate-root.js';
import type { DomainEvent } from '../../kernel/domain-event.js';

/**
 * The aggregates one unit of work saved: repositories report every save here, and the unit of
 * work pulls their events into the outbox when it commits. An aggregate saved twice is tracked
 * once, so each of its events reaches the outbox once; events come out in the order the
 * aggregates were first saved, each aggregate's in the order it recorded them.
 */
export class SavedAggregates {
  readonly #aggregates = new Set<AggregateRoot>();

  /** Remembers `aggregate` as saved by this unit of work. */
  track(aggregate: AggregateRoot): void {
    this.#aggregates.add(aggregate);
  }

  /** The events every tracked aggregate recorded and not yet handed out; each is pulled once. */
  pullEvents(): DomainEvent[] {
    return [...this.#aggregates].flatMap((aggregate) => aggregate.pullDomainEvents());
  }
}
