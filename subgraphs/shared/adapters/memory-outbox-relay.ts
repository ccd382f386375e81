import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import type { Logger } from '../../../platform/logger.js';
import type { Outbox } from '../ports/outbox.js';
import type { MemoryEventBus } from './memory-event-bus.js';

export interface MemoryOutboxRelayOptions {
  /** Name the events are published under (the subgraph's). */
  source: string;
  /** Pause between passes over the outbox. */
  intervalMs?: number;
  /** Most entries moved per pass. */
  batchSize?: number;
}

/**
 * Moves a memory store's outbox to the in-process event bus: read what is pending, publish it,
 * then mark it published, so the outbox does not grow for the life of the process and
 * subscribers see every committed event at least once (a failed publish is retried next pass).
 */
export class MemoryOutboxRelay {
  readonly #intervalMs: number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<number> | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly bus: MemoryEventBus,
    private readonly log: Logger,
    private readonly options: MemoryOutboxRelayOptions,
  ) {
    this.#intervalMs = options.intervalMs ?? 100;
    this.#batchSize = options.batchSize ?? 100;
  }

  /** Starts relaying in the background until `stop`. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!this.#pass) void this.drain().catch(() => undefined);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** One pass: publishes up to a batch of pending entries; resolves to how many were relayed. */
  drain(): Promise<number> {
    this.#pass ??= this.#relayBatch().finally(() => {
      this.#pass = undefined;
    });
    return this.#pass;
  }

  /** Stops the background passes and waits for the one under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#pass?.catch(() => undefined);
  }

  async #relayBatch(): Promise<number> {
    const entries = await this.outbox.pending(this.#batchSize);
    if (entries.length === 0) return 0;
    try {
      await this.bus.publish(
        this.options.source,
        entries.map((entry) => entry.event),
      );
    } catch (error) {
      this.log.warn(
        { err: error, events: entries.length },
        'event delivery failed; retrying on the next pass',
      );
      throw error;
    }
    await this.outbox.markPublished(entries.map((entry) => entry.sequence));
    return entries.length;
  }
}

/**
 * Runs `relay` for as long as `server` serves: started now, stopped once the server has drained,
 * after one last pass so the events of requests answered during the drain are delivered too.
 */
export function relayBeside(server: RunningServer, relay: MemoryOutboxRelay): RunningServer {
  relay.start();
  return {
    ...server,
    close: async (options) => {
      const outcome = await server.close(options);
      await relay.stop();
      await relay.drain().catch(() => undefined);
      return outcome;
    },
  };
}
