import { constants } from 'node:os';
import { env } from './config.js';
import type { DrainOutcome } from './http/connection-drain.js';
import type { Logger } from './logger.js';

/** How long in-flight requests get after SIGTERM/SIGINT unless SHUTDOWN_GRACE_MS says otherwise. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 8_000;

/** The shutdown variable every process reads; spread into its `parseEnv` shape. */
export const SHUTDOWN_ENV = {
  /** The default fits `docker stop`, which sends SIGKILL 10 s after SIGTERM. */
  SHUTDOWN_GRACE_MS: env.positiveInt(DEFAULT_SHUTDOWN_GRACE_MS),
};

/** Exit codes of a shutdown: everything answered, or something was cut or failed. */
export const SHUTDOWN_EXIT = { drained: 0, cut: 1 } as const;

/**
 * What the process stops on a signal: drains within `graceMs`, then releases what it holds;
 * resolves to the DrainOutcome when it drained servers (anything else counts as drained).
 */
export type StopProcess = (graceMs: number) => Promise<unknown>;

/** Options of `onShutdownSignal`. */
export interface ShutdownOptions {
  /** How long requests in flight get to finish; see SHUTDOWN_GRACE_MS. */
  graceMs: number;
  /** How the process ends; `process.exit` unless a test says otherwise. */
  exit?: (code: number) => void;
}

// Releasing resources after the drain (Redis, span export) gets this long before the process gives up.
const RELEASE_MARGIN_MS = 1_000;
// Under `npm start` in a terminal one Ctrl-C arrives several times (the terminal signals the whole
// process group and npm and tsx forward it again): repeats this close together are the same request.
const REPEAT_WINDOW_MS = 500;

/**
 * Takes over SIGINT and SIGTERM for the process (Apollo Server's own handlers must be off:
 * `stopOnTerminationSignals: false`). The first signal runs `stop`, which drains the servers
 * within `graceMs` and then releases what the process holds; the process exits 0 when every
 * request in flight was answered, 1 when the grace period ran out and connections were cut, when
 * stopping failed, or when it took longer than the grace period plus a second. A second signal
 * exits at once with 128 + the signal's number, as if the signal had not been handled.
 */
export function onShutdownSignal(
  log: Logger,
  stop: StopProcess,
  options: ShutdownOptions = { graceMs: DEFAULT_SHUTDOWN_GRACE_MS },
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let firstAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt < REPEAT_WINDOW_MS) return;
      log.warn({ signal }, 'second signal while shutting down: exiting at once');
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    firstAt = Date.now();
    log.info({ signal, graceMs: options.graceMs }, 'shutting down: draining requests in flight');
    const backstop = setTimeout(() => {
      log.error({ graceMs: options.graceMs }, 'shutdown did not finish in time: exiting');
      exit(SHUTDOWN_EXIT.cut);
    }, options.graceMs + RELEASE_MARGIN_MS);
    backstop.unref();
    stop(options.graceMs).then(
      (outcome) => {
        clearTimeout(backstop);
        if (outcome === 'cut') {
          log.warn('grace period over: requests still in flight were cut');
          exit(SHUTDOWN_EXIT.cut);
          return;
        }
        log.info('shut down');
        exit(SHUTDOWN_EXIT.drained);
      },
      (error: unknown) => {
        clearTimeout(backstop);
        log.error({ err: error }, 'shutdown failed');
        exit(SHUTDOWN_EXIT.cut);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** The worse of several drain outcomes: cut when any server had to cut requests. */
export function worstOutcome(outcomes: readonly (DrainOutcome | undefined)[]): DrainOutcome {
  return outcomes.includes('cut') ? 'cut' : 'drained';
}
