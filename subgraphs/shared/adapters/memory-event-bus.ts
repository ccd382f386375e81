import type { Logger } from '../../../platform/logger.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { DeadLetter, DeadLetters, ReplayOutcome } from '../ports/dead-letters.js';
import type { EventMetrics } from '../ports/event-metrics.js';

/** Applies one event; throwing leaves it to be delivered again. */
export type EventHandler = (event: DomainEvent) => Promise<void>;

/** Deliveries of an event whose handler fails before it becomes a dead letter, unless told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Who subscribes, and what becomes of the events its handler keeps failing on. */
export interface SubscriptionOptions {
  /** The subscriber's name, e.g. `pricing`: its dead letters and metric carry it. */
  subscriber: string;
  /** Failed deliveries of one event before it becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Counts dead letters. */
  metrics?: EventMetrics;
  /** Where a dead letter is reported. */
  log?: Logger;
}

interface Subscription extends SubscriptionOptions {
  readonly source: string;
  readonly handler: EventHandler;
  readonly maxAttempts: number;
  /** Failed deliveries so far, by event id; an event leaves once delivered or set aside. */
  readonly failures: Map<string, number>;
}

interface StoredDeadLetter {
  letter: DeadLetter;
  subscription: Subscription;
}

/**
 * In-process delivery of the subgraphs' events when they run on memory storage in one process
 * (`npm start`): each subgraph's outbox relay publishes into it under the subgraph's name, and
 * subscribers (pricing, for product's events) get every event in order. Delivery is at least
 * once: a handler that throws fails the publish, so the relay keeps the events and tries again.
 *
 * A poison event, whose handler fails on every delivery, would block its source for good: after
 * the subscription's `maxAttempts` failed deliveries it becomes a dead letter instead (kept here
 * with the error, counted in the subscription's metrics), and delivery goes on with the next event.
 */
export class MemoryEventBus implements DeadLetters {
  readonly #subscriptions = new Map<string, Subscription[]>();
  readonly #deadLetters = new Map<string, StoredDeadLetter>();
  #deadLetterCount = 0;

  /** Calls `handler` for every event published by `source` from now on. */
  subscribe(
    source: string,
    handler: EventHandler,
    options: SubscriptionOptions = { subscriber: '(unnamed)' },
  ): void {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError(`maxAttempts must be a whole number >= 1 (got ${maxAttempts}).`);
    const subscriptions = this.#subscriptions.get(source) ?? [];
    subscriptions.push({ ...options, source, handler, maxAttempts, failures: new Map() });
    this.#subscriptions.set(source, subscriptions);
  }

  /** Hands `events` of `source` to its subscribers, in order; rejects with the first handler failure. */
  async publish(source: string, events: readonly DomainEvent[]): Promise<void> {
    const subscriptions = this.#subscriptions.get(source) ?? [];
    for (const event of events) {
      for (const subscription of subscriptions) await this.#deliver(subscription, event);
    }
  }

  /** Every dead letter, oldest first. */
  async list(): Promise<DeadLetter[]> {
    return [...this.#deadLetters.values()].map(({ letter }) => letter);
  }

  /**
   * Delivers a dead letter to its subscriber again, now: `replayed` (and forgotten) when the
   * handler succeeds, `failed` (kept, with the new error) when it fails again.
   */
  async replay(id: string): Promise<ReplayOutcome> {
    const stored = this.#deadLetters.get(id);
    if (!stored) return 'unknown';
    const { letter, subscription } = stored;
    if (!letter.event) return 'unreadable';
    try {
      await subscription.handler(letter.event);
    } catch (error) {
      stored.letter = { ...letter, error: messageOf(error), attempts: letter.attempts + 1 };
      return 'failed';
    }
    this.#deadLetters.delete(id);
    return 'replayed';
  }

  async #deliver(subscription: Subscription, event: DomainEvent): Promise<void> {
    try {
      await subscription.handler(event);
      subscription.failures.delete(event.id);
    } catch (error) {
      const attempts = (subscription.failures.get(event.id) ?? 0) + 1;
      if (attempts < subscription.maxAttempts) {
        subscription.failures.set(event.id, attempts);
        throw error;
      }
      subscription.failures.delete(event.id);
      this.#setAside(subscription, event, messageOf(error), attempts);
    }
  }

  #setAside(subscription: Subscription, event: DomainEvent, error: string, attempts: number): void {
    this.#deadLetterCount += 1;
    const letter: DeadLetter = {
      id: String(this.#deadLetterCount),
      subscriber: subscription.subscriber,
      source: subscription.source,
      eventId: event.id,
      eventType: event.type,
      event,
      error,
      attempts,
      deadLetteredAt: new Date().toISOString(),
    };
    this.#deadLetters.set(letter.id, { letter, subscription });
    subscription.metrics?.deadLettered({
      subscriber: subscription.subscriber,
      source: subscription.source,
      eventType: event.type,
    });
    subscription.log?.error(
      { eventId: event.id, type: event.type, source: subscription.source, attempts, error },
      `set an event aside as a dead letter after ${attempts} failed deliveries: ${error}`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
