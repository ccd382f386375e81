import type { DomainEvent } from '../../kernel/domain-event.js';

/** Applies one event; throwing leaves it to be delivered again. */
export type EventHandler = (event: DomainEvent) => Promise<void>;

/**
 * In-process delivery of the subgraphs' events when they run on memory storage in one process
 * (`npm start`): each subgraph's outbox relay publishes into it under the subgraph's name, and
 * subscribers (pricing, for product's events) get every event in order. Delivery is at least
 * once: a handler that throws fails the publish, so the relay keeps the events and tries again.
 */
export class MemoryEventBus {
  readonly #handlers = new Map<string, EventHandler[]>();

  /** Calls `handler` for every event published by `source` from now on. */
  subscribe(source: string, handler: EventHandler): void {
    const handlers = this.#handlers.get(source) ?? [];
    handlers.push(handler);
    this.#handlers.set(source, handlers);
  }

  /** Hands `events` of `source` to its subscribers, in order; rejects with the first handler failure. */
  async publish(source: string, events: readonly DomainEvent[]): Promise<void> {
    const handlers = this.#handlers.get(source) ?? [];
    for (const event of events) {
      for (const handler of handlers) await handler(event);
    }
  }
}
