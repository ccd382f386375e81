import type { DomainEvent } from './domain-event.js';

/**
 * An aggregate records the events its state changes cause; the unit of work pulls them out at
 * commit time and writes them to the outbox together with the aggregate.
 */
export abstract class AggregateRoot {
  #events: DomainEvent[] = [];
  /** Optimistic-concurrency version: the number of committed changes. 0 = never stored. */
  version: number;

  protected constructor(version: number) {
    this.version = version;
  }

  protected record(event: DomainEvent): void {
    this.#events.push(event);
  }

  /** Returns the events recorded since the last pull and forgets them. */
  pullDomainEvents(): DomainEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
