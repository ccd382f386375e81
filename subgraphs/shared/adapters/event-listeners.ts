import type { DomainEvent } from '../../kernel/domain-event.js';
import type { EventFeed } from '../ports/event-feed.js';

/** The listeners of an event feed: each event is handed to every one, a throwing one is ignored. */
export class EventListeners {
  readonly #listeners = new Set<(event: DomainEvent) => void>();

  get size(): number {
    return this.#listeners.size;
  }

  add(listener: (event: DomainEvent) => void): () => void {
    // A wrapper per call, so one function listening twice is two listeners.
    const own = (event: DomainEvent) => listener(event);
    this.#listeners.add(own);
    return () => this.#listeners.delete(own);
  }

  emit(event: DomainEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own: the others, and the feed, go on.
      }
    }
  }
}

/** A feed that never delivers: for a service built without an event source (tests, tools). */
export const NO_EVENTS: EventFeed = Object.freeze({ listen: () => () => undefined });
