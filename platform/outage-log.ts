import type { Logger } from './logger.js';

/**
 * Logs a dependency's outage once when it starts and once when it ends, however many calls fail
 * in between, so a Redis that is down for a minute does not write a warning per request or poll.
 */
export class OutageLog {
  #down = false;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  /** True between a failure and the next success. */
  get down(): boolean {
    return this.#down;
  }

  /** Records a failure; only the first of an outage is logged. */
  failed(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.log.warn({ err: error }, `${this.what} failed; retrying until it works again`);
  }

  /** Records a success; logs the end of an outage. */
  succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    this.log.info(`${this.what} works again`);
  }
}
