import { runWithRetries, type UnitOfWorkAttempt } from './run-with-retries.js';

/** How many times `run` tries `work` before a version conflict is reported to the caller. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A unit of work for any storage adapter: `begin` opens a store transaction and hands `work` the
 * subgraph's repositories on it. A commit that finds a record moved since it was read runs the
 * whole `work` again on fresh state, up to `maxAttempts` times; then Conflict surfaces.
 */
export class RetryingUnitOfWork<TTx> {
  constructor(
    private readonly begin: () => UnitOfWorkAttempt<TTx> | Promise<UnitOfWorkAttempt<TTx>>,
    private readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  ) {}

  /** Runs `work` in one transaction, again on fresh state each time its commit loses a race. */
  run<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
    return runWithRetries({ maxAttempts: this.maxAttempts, work, begin: this.begin });
  }
}
