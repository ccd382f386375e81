import type { DomainEvent } from '../../kernel/domain-event.js';

/**
 * An event whose handler kept failing, set aside so that it stops being retried and blocking
 * delivery, with what went wrong: an operator reads it, fixes the cause and replays it.
 */
export interface DeadLetter {
  /** Names the dead letter for `replay` (on Redis, its entry id in the dead-letter stream). */
  readonly id: string;
  /** Who failed to handle it: the consumer group or subscriber, e.g. `pricing`. */
  readonly subscriber: string;
  /** Whose event it is: the subgraph that published it, e.g. `product`. */
  readonly source: string;
  /** The event's id, when the delivery held one. */
  readonly eventId: string | undefined;
  /** The event's type, when the delivery held one. */
  readonly eventType: string | undefined;
  /** The event as it was delivered; undefined when the delivery held no readable event. */
  readonly event: DomainEvent | undefined;
  /** The last failure's message. */
  readonly error: string;
  /** Deliveries tried before it was set aside. */
  readonly attempts: number;
  /** ISO-8601 instant it was set aside. */
  readonly deadLetteredAt: string;
}

/**
 * What replaying a dead letter did: `replayed` (handed back for delivery and removed), `failed`
 * (delivered again and failed again; it stays), `unknown` (no such dead letter) or `unreadable`
 * (it holds no event to deliver; it stays).
 */
export type ReplayOutcome = 'replayed' | 'failed' | 'unknown' | 'unreadable';

/** The dead letters of one or more subscribers, for operators. */
export interface DeadLetters {
  /** Every dead letter, oldest first. */
  list(): Promise<DeadLetter[]>;
  /** Delivers the dead letter named `id` again, its attempts starting over. */
  replay(id: string): Promise<ReplayOutcome>;
}
