import type { Logger } from '../../../platform/logger.js';
import { OutageLog } from '../../../platform/outage-log.js';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis, toStorageError } from '../../../platform/redis/redis-errors.js';
import type { Outbox, OutboxEntry } from '../ports/outbox.js';
import { pause } from './pause.js';
import { RedisLease } from './redis-lease.js';

/** Points between the steps of a batch where a test can stop the relay to simulate a crash. */
export interface RelayCheckpoints {
  /** The batch was read from the outbox and nothing of it is published yet. */
  afterRead?(entries: readonly OutboxEntry[]): Promise<void>;
  /** The batch is in the stream and still in the outbox. */
  afterPublish?(entries: readonly OutboxEntry[]): Promise<void>;
}

/** Options of a RedisOutboxRelay. */
export interface OutboxRelayOptions {
  /** The stream events are published to, e.g. `hexagraph:events:product`. */
  stream: string;
  /** The key of the lease that lets one relay per outbox work at a time. */
  leaseKey: string;
  log: Logger;
  /** Entries moved per round trip (default 100). */
  batchSize?: number;
  /** Wait after finding the outbox empty (default 200 ms). */
  pollIntervalMs?: number;
  /** How long a crashed relay keeps others waiting (default 10 s). */
  leaseTtlMs?: number;
  /** Approximate cap on the stream's length, oldest entries trimmed first (default 100,000). */
  maxStreamLength?: number;
  checkpoints?: RelayCheckpoints;
}

/** Wait before trying again after Redis failed. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Moves committed outbox entries to a Redis Stream with at-least-once delivery: a batch is added
 * to the stream (XADD, in commit order) and only then removed from the outbox. A crash between
 * the two publishes the batch again on restart, so consumers deduplicate by event id; nothing
 * committed is ever lost. A lease lets one relay per outbox work at a time, even with several
 * replicas of a service, so the stream keeps commit order and duplicates follow only a crash.
 *
 * Stream entries carry `id` (the event id), `type` and `event` (the whole event as JSON).
 */
export class RedisOutboxRelay {
  readonly #lease: RedisLease;
  readonly #batchSize: number;
  readonly #pollIntervalMs: number;
  readonly #maxStreamLength: number;
  readonly #outage: OutageLog;
  #stopping = new AbortController();
  #running: Promise<void> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly outbox: Outbox,
    private readonly options: OutboxRelayOptions,
  ) {
    this.#lease = new RedisLease(redis, options.leaseKey, options.leaseTtlMs ?? 10_000);
    this.#batchSize = options.batchSize ?? 100;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#maxStreamLength = options.maxStreamLength ?? 100_000;
    this.#outage = new OutageLog(options.log.child({ stream: options.stream }), 'outbox relay');
  }

  /** Moves one batch from the outbox to the stream; resolves to how many entries it moved. */
  async relayOnce(): Promise<number> {
    const entries = await this.outbox.pending(this.#batchSize);
    if (entries.length === 0) return 0;
    await this.options.checkpoints?.afterRead?.(entries);
    const pipeline = this.redis.pipeline();
    for (const { event } of entries) {
      pipeline.xadd(
        this.options.stream,
        'MAXLEN',
        '~',
        this.#maxStreamLength,
        '*',
        'id',
        event.id,
        'type',
        event.type,
        'event',
        JSON.stringify(event),
      );
    }
    const replies = await callRedis(pipeline.exec());
    if (replies === null) throw new Error('Redis discarded the pipeline.');
    // Entries are added in order, so those Redis took are the ones before the first failure (e.g.
    // the stream's slot moved to another master mid-batch): clear those, so that only the rest is
    // published again.
    const failed = replies.findIndex(([error]) => error);
    const published = failed < 0 ? entries : entries.slice(0, failed);
    await this.options.checkpoints?.afterPublish?.(published);
    await this.outbox.markPublished(published.map((entry) => entry.sequence));
    if (failed >= 0) throw toStorageError(replies[failed]![0]);
    return entries.length;
  }

  /** Relays in the background until `stop`, whenever this process holds the lease. */
  start(): void {
    if (this.#running) return;
    this.#stopping = new AbortController();
    this.#running = this.#loop(this.#stopping.signal);
  }

  /** Finishes the batch in flight, gives the lease up and stops. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
    this.#running = undefined;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // The client refuses commands while disconnected; it reports that outage itself.
      if (this.redis.status !== 'ready') {
        await pause(this.#pollIntervalMs, signal);
        continue;
      }
      try {
        const moved = (await this.#lease.hold()) ? await this.relayOnce() : 0;
        this.#outage.succeeded();
        if (moved < this.#batchSize) await pause(this.#pollIntervalMs, signal);
      } catch (error) {
        this.#outage.failed(error);
        await pause(RETRY_AFTER_FAILURE_MS, signal);
      }
    }
    await this.#lease.release().catch(() => undefined);
  }
}
