import type { Readiness, RunningServer } from '../../../platform/http/graphql-http-server.js';
import type { Logger } from '../../../platform/logger.js';
import {
  createRedisClient,
  describeRedisTarget,
  type RedisClient,
} from '../../../platform/redis/redis-client.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import type { RedisStorageOptions } from '../storage-config.js';
import { type RedisPartitioning, SINGLE_PARTITION } from './redis-key-layout.js';
import { RedisOutboxRelay } from './redis-outbox-relay.js';
import { RedisStore } from './redis-store.js';

/** Something that works in the background while the service runs: a relay, a consumer. */
export interface BackgroundWorker {
  start(): void;
  stop(): Promise<void>;
}

/** Options of a RedisRuntime. */
export interface RedisRuntimeOptions {
  /** The subgraph's name: it names its keys and its event stream. */
  service: string;
  storage: RedisStorageOptions;
  log: Logger;
  /** Readies the store once Redis is reachable (e.g. seeds it); tried again until it succeeds. */
  prepare?: (store: RedisStore) => Promise<unknown>;
  /** How the store's records spread over a Redis Cluster's masters (default: one partition). */
  partitioning?: RedisPartitioning;
}

/** The key prefix of a subgraph's store: `hexagraph:inventory:`. */
export function redisKeyPrefix(namespace: string, service: string): string {
  return `${namespace}:${service}:`;
}

/**
 * The stream a subgraph's events are relayed to: `hexagraph:events:inventory`, or on a Redis
 * Cluster (`tagged`) `{hexagraph:events:inventory}`, so that its dead-letter streams share its slot.
 */
export function eventStreamKey(namespace: string, service: string, tagged = false): string {
  const key = `${namespace}:events:${service}`;
  return tagged ? `{${key}}` : key;
}

/** Wait before preparing the store again after a failed attempt. */
const PREPARE_RETRY_MS = 1_000;

/**
 * Everything a subgraph runs on Redis, and its lifecycle: the client, the store, the start-up task
 * (seeding), the outbox relay and other background workers, and readiness. Redis being down at
 * start-up is not fatal: the service starts, reports not ready with the reason, answers requests
 * with SERVICE_UNAVAILABLE, and becomes ready by itself once Redis answers and the store is prepared.
 */
export class RedisRuntime {
  /** The shared, fail-fast client (of one Redis, or of a Redis Cluster). */
  readonly client: RedisClient;
  readonly store: RedisStore;
  readonly #workers: BackgroundWorker[] = [];
  readonly #where: string;
  #prepared: boolean;
  #preparing: Promise<void> | undefined;
  #prepareFailure: string | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly options: RedisRuntimeOptions) {
    const { storage, service, log } = options;
    this.#where = describeRedisTarget(storage);
    this.client = createRedisClient({
      url: storage.url,
      cluster: storage.cluster,
      connectionName: service,
      log,
    });
    // Hash-tagged partitions on a Redis Cluster; the flat keys of a single Redis otherwise.
    this.store = new RedisStore(
      this.client,
      redisKeyPrefix(storage.namespace, service),
      storage.cluster ? (options.partitioning ?? SINGLE_PARTITION) : undefined,
    );
    this.#prepared = options.prepare === undefined;
    // Prepared again on every (re)connection: a Redis that came back empty is seeded again, and
    // preparing one that kept its data costs a single read.
    this.client.on('ready', () => {
      this.#prepared = options.prepare === undefined;
      this.#prepare();
    });
    if (storage.relay) {
      this.run(
        new RedisOutboxRelay(this.client, this.store, {
          stream: this.eventStreamKey(service),
          leaseKey: `${this.store.outboxKey}:relay-lease`,
          log,
        }),
      );
    }
  }

  /** The event stream of `service` (this subgraph or another) on this runtime's Redis. */
  eventStreamKey(service: string): string {
    return eventStreamKey(
      this.options.storage.namespace,
      service,
      this.options.storage.cluster !== undefined,
    );
  }

  /** The first segment of every key (REDIS_NAMESPACE). */
  get namespace(): string {
    return this.options.storage.namespace;
  }

  /** Starts a background worker; `close` stops it. */
  run(worker: BackgroundWorker): void {
    this.#workers.push(worker);
    worker.start();
  }

  /** Ready when Redis answers PING and the store is prepared; otherwise the reason why not. */
  async readiness(): Promise<Readiness> {
    const details = { storage: 'redis', redis: this.#where };
    if (this.client.status !== 'ready')
      return {
        ready: false,
        details: { ...details, reason: `Redis is not connected (${this.client.status}).` },
      };
    try {
      await callRedis(this.client.ping());
    } catch (error) {
      return {
        ready: false,
        details: { ...details, reason: `Redis did not answer PING: ${messageOf(error)}` },
      };
    }
    if (!this.#prepared) {
      const reason = this.#prepareFailure
        ? `Preparing the store failed and is being retried: ${this.#prepareFailure}`
        : 'The store is being prepared.';
      return { ready: false, details: { ...details, reason } };
    }
    return { ready: true, details };
  }

  /**
   * Starts an HTTP server through `start`, handing it this runtime's readiness; the server's
   * `close` closes the runtime after it, and a server that fails to start closes it at once.
   * The background workers stop as the drain starts: the relay gives its lease up at once, so a
   * replacement instance relays (this one's last commits too) while this one drains.
   */
  async serve(
    start: (readiness: () => Promise<Readiness>) => Promise<RunningServer>,
  ): Promise<RunningServer> {
    try {
      const server = await start(() => this.readiness());
      return {
        ...server,
        close: async (options) => {
          const drained = server.close(options);
          await this.#stopWorkers();
          const outcome = await drained;
          await this.close();
          return outcome;
        },
      };
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Stops the workers (each finishes what it is doing), then disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#stopWorkers();
    await this.#preparing;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  async #stopWorkers(): Promise<void> {
    for (const worker of [...this.#workers].reverse()) await worker.stop();
  }

  #prepare(): void {
    if (this.#prepared || this.#preparing || this.#closed || !this.options.prepare) return;
    const prepare = this.options.prepare;
    this.#preparing = (async () => {
      try {
        await prepare(this.store);
        this.#prepared = true;
        this.#prepareFailure = undefined;
      } catch (error) {
        const failure = messageOf(error);
        if (failure !== this.#prepareFailure)
          this.options.log.warn({ err: error }, 'preparing the Redis store failed; retrying');
        this.#prepareFailure = failure;
        // While disconnected the next 'ready' event tries again; this covers failures while connected.
        if (!this.#closed) {
          this.#retry = setTimeout(() => {
            if (this.client.status === 'ready') this.#prepare();
          }, PREPARE_RETRY_MS);
        }
      } finally {
        this.#preparing = undefined;
      }
    })();
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error)
    return `${error.message} (${error.cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
