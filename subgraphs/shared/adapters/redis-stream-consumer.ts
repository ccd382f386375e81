import type { Logger } from '../../../platform/logger.js';
import { OutageLog } from '../../../platform/outage-log.js';
import { duplicateRedisClient, type RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { EventMetrics } from '../ports/event-metrics.js';
import { pause } from './pause.js';
import { moveToDeadLetters, parseStreamEvent } from './redis-dead-letters.js';

/** Where a consumer group remembers the events it has applied. */
export interface ProcessedEventIds {
  /** True when the event was applied before: it is acknowledged without being handled again. */
  has(eventId: string): Promise<boolean>;
  /** Remembers the event as applied, once its handler succeeded. */
  add(eventId: string): Promise<void>;
}

/** Options of a RedisStreamConsumer. */
export interface StreamConsumerOptions {
  /** The stream to read, e.g. `hexagraph:events:product`. */
  stream: string;
  /** The consumer group: each event reaches one consumer of the group. */
  group: string;
  /** This consumer's name in the group; unique per process. */
  consumer: string;
  /** Applies one event; a rejection leaves it pending, to be delivered again. */
  handle: (event: DomainEvent) => Promise<void>;
  log: Logger;
  /** Defaults to RedisProcessedEventIds under `<stream>:processed:<group>:`, kept for a week. */
  processed?: ProcessedEventIds;
  /** Entries read per round trip (default 20). */
  batchSize?: number;
  /** Longest a read waits for new entries (default 2 s). */
  blockMs?: number;
  /** An entry delivered to some consumer and not acknowledged for this long is taken over (default 30 s). */
  claimIdleMs?: number;
  /**
   * Deliveries of one entry whose handler failed before it is moved to the group's dead-letter
   * stream, `<stream>:dead-letters:<group>` (default 5).
   */
  maxAttempts?: number;
  /** The subgraph that publishes the stream, for dead letters' metric (default: the stream key). */
  source?: string;
  /** Counts dead letters. */
  metrics?: EventMetrics;
}

/** Deliveries of an event whose handler fails before it becomes a dead letter, unless told otherwise. */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;

/** How long the default processed-id log remembers an event. */
export const PROCESSED_EVENT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Wait before trying again after Redis failed. */
const RETRY_AFTER_FAILURE_MS = 1_000;

type StreamEntry = [id: string, fields: string[]];

/**
 * Reads a stream through a consumer group and hands each event to `handle`, at least once:
 * XREADGROUP for new entries, XACK once an entry is handled, and XAUTOCLAIM to take over entries
 * that another consumer read and never acknowledged (it crashed or its handler failed). Events are
 * deduplicated by id through `processed`, so a republished or redelivered event is applied once.
 * Where the handler's effect lives in a store of its own, give a `processed` log that the
 * handler's unit of work writes, so the mark and the effect commit together.
 *
 * A poison event, whose handler fails on every delivery, is not retried forever: after
 * `maxAttempts` deliveries (counted by Redis for the group) it moves to the group's dead-letter
 * stream with the error, and is counted in `metrics`; an entry that holds no readable event moves
 * there at once. `RedisDeadLetters` lists and replays them.
 */
export class RedisStreamConsumer {
  // XREADGROUP with BLOCK holds its connection until entries arrive, so the consumer reads on a
  // connection of its own instead of stalling every other command of the shared client.
  readonly #connection: RedisClient;
  #blockedInRead = false;
  readonly #processed: ProcessedEventIds;
  readonly #batchSize: number;
  readonly #blockMs: number;
  readonly #claimIdleMs: number;
  readonly #maxAttempts: number;
  readonly #log: Logger;
  readonly #outage: OutageLog;
  #claimCursor = '0-0';
  #groupReady = false;
  #stopping = new AbortController();
  #running: Promise<void> | undefined;

  constructor(
    redis: RedisClient,
    private readonly options: StreamConsumerOptions,
  ) {
    this.#batchSize = options.batchSize ?? 20;
    this.#blockMs = options.blockMs ?? 2_000;
    this.#claimIdleMs = options.claimIdleMs ?? 30_000;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
    if (!Number.isSafeInteger(this.#maxAttempts) || this.#maxAttempts < 1)
      throw new RangeError(`maxAttempts must be a whole number >= 1 (got ${this.#maxAttempts}).`);
    this.#connection = duplicateRedisClient(redis, {
      connectionName: `${options.group}:${options.consumer}`,
      // Its commands may wait for a connection: no request is held up by them.
      enableOfflineQueue: true,
      commandTimeout: this.#blockMs + 2_000,
    });
    this.#log = options.log.child({ stream: options.stream, group: options.group });
    this.#outage = new OutageLog(this.#log, 'stream consumer');
    this.#connection.on('error', (error) => this.#outage.failed(error));
    this.#processed =
      options.processed ?? new RedisProcessedEventIds(redis, `${options.stream}:processed:${options.group}:`);
  }

  /**
   * One round: takes over stuck entries, then reads new ones (waiting up to `blockMs`) and
   * handles them in stream order. Resolves to how many entries it handled or skipped.
   */
  async consumeOnce(): Promise<number> {
    await this.#ensureGroup();
    const claimed = await this.#claimStuck();
    const fresh = await this.#readNew(claimed.length > 0 ? undefined : this.#blockMs);
    for (const entry of [...claimed, ...fresh]) await this.#deliver(entry);
    return claimed.length + fresh.length;
  }

  /** Consumes in the background until `stop`. */
  start(): void {
    if (this.#running) return;
    this.#stopping = new AbortController();
    this.#running = this.#loop(this.#stopping.signal);
  }

  /** Finishes the batch in flight, then stops and closes the consumer's connection. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    // Ends a read blocked in Redis; a handler in flight still completes and acknowledges first.
    if (this.#blockedInRead) this.#connection.disconnect(false);
    await this.#running;
    this.#running = undefined;
    this.#connection.disconnect(false);
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.consumeOnce();
        this.#outage.succeeded();
      } catch (error) {
        if (signal.aborted) return;
        // The stream or the group is gone (Redis restarted empty, someone deleted it): make it again.
        if (error instanceof Error && error.message.startsWith('NOGROUP')) this.#groupReady = false;
        this.#outage.failed(error);
        await pause(RETRY_AFTER_FAILURE_MS, signal);
      }
    }
  }

  async #ensureGroup(): Promise<void> {
    if (this.#groupReady) return;
    try {
      // From the start of the stream: events published before the group existed are applied too.
      await callRedis(
        this.#connection.xgroup('CREATE', this.options.stream, this.options.group, '0', 'MKSTREAM'),
      );
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
    }
    this.#groupReady = true;
  }

  async #claimStuck(): Promise<StreamEntry[]> {
    const reply = (await callRedis(
      this.#connection.xautoclaim(
        this.options.stream,
        this.options.group,
        this.options.consumer,
        this.#claimIdleMs,
        this.#claimCursor,
        'COUNT',
        this.#batchSize,
      ),
    )) as [string, (StreamEntry | null)[]];
    this.#claimCursor = reply[0];
    // Entries trimmed from the stream while pending come back as null; Redis drops them from the group.
    return reply[1].filter((entry): entry is StreamEntry => entry !== null);
  }

  async #readNew(blockMs: number | undefined): Promise<StreamEntry[]> {
    const { stream, group, consumer } = this.options;
    if (blockMs !== undefined && this.#stopping.signal.aborted) return [];
    this.#blockedInRead = blockMs !== undefined;
    const reply = (await callRedis(
      blockMs === undefined
        ? this.#connection.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            this.#batchSize,
            'STREAMS',
            stream,
            '>',
          )
        : this.#connection.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            this.#batchSize,
            'BLOCK',
            blockMs,
            'STREAMS',
            stream,
            '>',
          ),
    ).finally(() => {
      this.#blockedInRead = false;
    })) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  async #deliver([entryId, fields]: StreamEntry): Promise<void> {
    const event = parseStreamEvent(fields);
    if (!event) {
      // An entry no handler can read would block the group forever: set it aside at once.
      const attempts = await this.#deliveries(entryId);
      await this.#deadLetter(entryId, fields, 'The stream entry holds no readable event.', attempts);
      return;
    }
    if (!(await this.#processed.has(event.id))) {
      try {
        await this.options.handle(event);
      } catch (error) {
        const attempts = await this.#deliveries(entryId);
        const context = { err: error, entryId, eventId: event.id, type: event.type, attempts };
        if (attempts >= this.#maxAttempts) {
          await this.#deadLetter(entryId, fields, messageOf(error), attempts, event.type);
          return;
        }
        // Left pending: XAUTOCLAIM hands it out again once it has been idle for claimIdleMs.
        this.#log.warn(context, `event handler failed (attempt ${attempts} of ${this.#maxAttempts})`);
        return;
      }
      await this.#processed.add(event.id);
    }
    await this.#ack(entryId);
  }

  /** How many times the group has delivered the entry (0 when it is no longer pending). */
  async #deliveries(entryId: string): Promise<number> {
    const reply = (await callRedis(
      this.#connection.xpending(this.options.stream, this.options.group, entryId, entryId, 1),
    )) as [string, string, number, number][];
    return reply[0]?.[3] ?? 0;
  }

  async #deadLetter(
    entryId: string,
    fields: readonly string[],
    error: string,
    attempts: number,
    eventType = '(unreadable)',
  ): Promise<void> {
    const { stream, group } = this.options;
    await moveToDeadLetters(this.#connection, {
      stream,
      group,
      entryId,
      fields,
      error,
      attempts,
      at: new Date(),
    });
    this.options.metrics?.deadLettered({
      subscriber: group,
      source: this.options.source ?? stream,
      eventType,
    });
    this.#log.error(
      { entryId, attempts, error, fields },
      `moved a stream entry to the dead letters of ${group} after ${attempts} deliveries: ${error}`,
    );
  }

  async #ack(entryId: string): Promise<void> {
    await callRedis(this.#connection.xack(this.options.stream, this.options.group, entryId));
  }
}

/** Processed event ids as Redis keys under a prefix that expire after `ttlSeconds`. */
export class RedisProcessedEventIds implements ProcessedEventIds {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number = PROCESSED_EVENT_TTL_SECONDS,
  ) {}

  async has(eventId: string): Promise<boolean> {
    return (await callRedis(this.redis.exists(`${this.keyPrefix}${eventId}`))) === 1;
  }

  async add(eventId: string): Promise<void> {
    await callRedis(this.redis.set(`${this.keyPrefix}${eventId}`, '1', 'EX', this.ttlSeconds));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
