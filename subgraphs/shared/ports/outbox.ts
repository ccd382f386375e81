import type { DomainEvent } from '../../kernel/domain-event.js';

/** An event committed with its aggregate, waiting to be relayed to the message stream. */
export interface OutboxEntry {
  /** Position in the outbox; increases with every committed event. */
  readonly sequence: number;
  readonly event: DomainEvent;
}

/** The relay's view of the outbox: read what is pending, then acknowledge what was published. */
export interface Outbox {
  pending(limit: number): Promise<OutboxEntry[]>;
  markPublished(sequences: readonly number[]): Promise<void>;
}
