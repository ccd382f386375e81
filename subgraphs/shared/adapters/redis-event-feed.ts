import type { Logger } from '../../../platform/logger.js';
import { OutageLog } from '../../../platform/outage-log.js';
import { duplicateRedisClient, type RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import type { EventFeed } from '../ports/event-feed.js';
import { EventListeners } from './event-listeners.js';
import { pause } from './pause.js';
import { parseStreamEvent } from './redis-dead-letters.js';

/** Options of a RedisEventFeed. */
export interface RedisEventFeedOptions {
  /** The stream the outbox relay publishes to, e.g. `hexagraph:events:inventory`. */
  stream: string;
  log: Logger;
  /** Longest a read waits for new entries (default 2 s). */
  blockMs?: number;
}

const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * A subgraph's event stream as a feed: XREAD (no consumer group, so every replica of the service
 * sees every event and fans it out to its own subscribers) from the entries added after it
 * started, on a connection of its own since the read blocks. It reads for as long as it runs, so
 * a listener hears everything committed after it started listening; after a Redis outage it goes on
 * from the last entry it saw, so listeners miss nothing the stream still holds.
 */
export class RedisEventFeed implements EventFeed {
  readonly #connection: RedisClient;
  readonly #listeners = new EventListeners();
  readonly #blockMs: number;
  readonly #outage: OutageLog;
  #cursor = '$';
  #stopping = new AbortController();
  #running: Promise<void> | undefined;
  #started = false;

  constructor(
    redis: RedisClient,
    private readonly options: RedisEventFeedOptions,
  ) {
    this.#blockMs = options.blockMs ?? 2_000;
    this.#connection = duplicateRedisClient(redis, {
      connectionName: `${options.stream}:feed`,
      enableOfflineQueue: true,
      commandTimeout: this.#blockMs + 2_000,
    });
    this.#outage = new OutageLog(options.log.child({ stream: options.stream }), 'event feed');
    this.#connection.on('error', (error) => this.#outage.failed(error));
  }

  listen(listener: Parameters<EventFeed['listen']>[0]): () => void {
    return this.#listeners.add(listener);
  }

  /** Reads in the background until `stop`. */
  start(): void {
    if (this.#running) return;
    this.#started = true;
    this.#stopping = new AbortController();
    this.#running = this.#loop(this.#stopping.signal);
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    if (this.#started) this.#connection.disconnect(false);
    await this.#running;
    this.#running = undefined;
  }

  /** One read of new entries (waiting up to `blockMs`); resolves to how many events it handed out. */
  async readOnce(): Promise<number> {
    if (this.#cursor === '$') {
      // Pin the cursor to the stream's last entry first, so nothing added between reads is lost.
      const last = await callRedis(this.#connection.xrevrange(this.options.stream, '+', '-', 'COUNT', 1));
      this.#cursor = last[0]?.[0] ?? '0-0';
    }
    const reply = (await callRedis(
      this.#connection.xread(
        'COUNT',
        100,
        'BLOCK',
        this.#blockMs,
        'STREAMS',
        this.options.stream,
        this.#cursor,
      ),
    )) as [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    let handed = 0;
    for (const [id, fields] of entries) {
      this.#cursor = id;
      const event = parseStreamEvent(fields);
      if (!event) continue;
      this.#listeners.emit(event);
      handed += 1;
    }
    return handed;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.readOnce();
        this.#outage.succeeded();
      } catch (error) {
        if (signal.aborted) break;
        this.#outage.failed(error);
        await pause(RETRY_AFTER_FAILURE_MS, signal);
      }
    }
  }
}
