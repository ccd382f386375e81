import type { EventFeed } from '../ports/event-feed.js';
import { EventListeners } from './event-listeners.js';
import type { MemoryEventBus } from './memory-event-bus.js';

/**
 * The events a subgraph's memory outbox relay publishes on the in-process bus, as a feed: it
 * subscribes once under `source` and hands every event to the listeners of the moment.
 */
export class MemoryEventFeed implements EventFeed {
  readonly #listeners = new EventListeners();

  constructor(bus: MemoryEventBus, source: string) {
    bus.subscribe(source, async (event) => this.#listeners.emit(event), {
      subscriber: `${source}-subscriptions`,
    });
  }

  listen(listener: Parameters<EventFeed['listen']>[0]): () => void {
    return this.#listeners.add(listener);
  }
}
