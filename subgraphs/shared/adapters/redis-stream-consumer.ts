import type { Redis } from 'ioredis';
import type { Logger } from '../../../platform/logger.js';
import { OutageLog } from '../../../platform/outage-log.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import { pause } from './pause.js';

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
}

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
 */
export class RedisStreamConsumer {
  // XREADGROUP with BLOCK holds its connection until entries arrive, so the consumer reads on a
  // connection of its own instead of stalling every other command of the shared client.
  readonly #connection: Redis;
  #blockedInRead = false;
  readonly #processed: ProcessedEventIds;
  readonly #batchSize: number;
  readonly #blockMs: number;
  readonly #claimIdleMs: number;
  readonly #log: Logger;
  readonly #outage: OutageLog;
  #claimCursor = '0-0';
  #groupReady = false;
  #stopping = new AbortController();
  #running: Promise<void> | undefined;

  constructor(
    redis: Redis,
    private readonly options: StreamConsumerOptions,
  ) {
    this.#batchSize = options.batchSize ?? 20;
    this.#blockMs = options.blockMs ?? 2_000;
    this.#claimIdleMs = options.claimIdleMs ?? 30_000;
    this.#connection = redis.duplicate({
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
    const event = parseEvent(fields);
    if (!event) {
      // An entry no handler can read would block the group forever: log it and let it go.
      this.#log.error({ entryId }, 'dropping a stream entry that holds no readable event');
      await this.#ack(entryId);
      return;
    }
    if (!(await this.#processed.has(event.id))) {
      try {
        await this.options.handle(event);
      } catch (error) {
        // Left pending: XAUTOCLAIM hands it out again once it has been idle for claimIdleMs.
        this.#log.error({ err: error, entryId, eventId: event.id, type: event.type }, 'event handler failed');
        return;
      }
      await this.#processed.add(event.id);
    }
    await this.#ack(entryId);
  }

  async #ack(entryId: string): Promise<void> {
    await callRedis(this.#connection.xack(this.options.stream, this.options.group, entryId));
  }
}

/** Processed event ids as Redis keys under a prefix that expire after `ttlSeconds`. */
export class RedisProcessedEventIds implements ProcessedEventIds {
  constructor(
    private readonly redis: Redis,
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

function parseEvent(fields: readonly string[]): DomainEvent | undefined {
  const at = fields.findIndex((field, i) => i % 2 === 0 && field === 'event');
  const json = at < 0 ? undefined : fields[at + 1];
  if (json === undefined) return undefined;
  try {
    const event = JSON.parse(json) as Partial<DomainEvent>;
    return typeof event.id === 'string' && typeof event.type === 'string'
      ? (event as DomainEvent)
      : undefined;
  } catch {
    return undefined;
  }
}
