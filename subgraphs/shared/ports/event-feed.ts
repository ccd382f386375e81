import type { DomainEvent } from '../../kernel/domain-event.js';

/**
 * A live view of one subgraph's committed events, for subscriptions: every listener hears every
 * event delivered from the moment it starts listening (nothing is replayed, nothing is
 * acknowledged). Listeners must not throw; `listen` returns the call that stops listening.
 */
export interface EventFeed {
  listen(listener: (event: DomainEvent) => void): () => void;
}
