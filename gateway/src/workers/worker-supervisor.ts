import cluster, { type Worker } from 'node:cluster';
import type { DrainOutcome } from '../../../platform/http/connection-drain.js';
import type { Logger } from '../../../platform/logger.js';
import { onShutdownSignal } from '../../../platform/shutdown.js';
import { messageOf } from './worker-messages.js';
import { MetricsAggregation } from './worker-metrics.js';

/**
 * Replacements of crashed workers allowed within RESTART_WINDOW_MS; one more and the gateway
 * stops, as a worker crashing over and over would otherwise hide behind its replacements.
 */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 60_000;

/** What `superviseWorkers` needs. */
export interface SupervisorOptions {
  /** How many workers serve at once. */
  count: number;
  log: Logger;
  /** How long each worker's requests in flight get after SIGTERM/SIGINT (SHUTDOWN_GRACE_MS). */
  graceMs: number;
}

/**
 * The primary process of a gateway run as several worker processes (WORKER_PROCESSES): it forks
 * `count` workers, each running this process's entry point as a whole gateway on the same ports
 * (Node.js's cluster hands the connections out in turn), and serves nothing itself.
 *
 * - A worker reports ready once its gateway listens. One that exits before every worker first
 *   became ready (a supergraph that does not load, say) stops the gateway with exit code 1: its
 *   siblings would fail the same way.
 * - A worker that exits later is replaced, at most MAX_RESTARTS times within RESTART_WINDOW_MS;
 *   beyond that the gateway stops with exit code 1.
 * - SIGTERM or SIGINT is passed to every worker, which drains as a single process does; the
 *   primary exits 0 when every worker drained, 1 when any cut requests (see `onShutdownSignal`,
 *   whose second-signal and time-limit rules apply here too).
 * - Each worker's `/metrics` shows every worker's metrics, aggregated here (`MetricsAggregation`).
 */
export function superviseWorkers(options: SupervisorOptions): void {
  const { count, log } = options;
  const exit = (code: number) => process.exit(code);
  const ready = new Set<Worker>();
  const restarts: number[] = [];
  const metrics = new MetricsAggregation(() => [...ready]);
  let started = false;
  let stopping: Promise<DrainOutcome> | undefined;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (messageOf(message, 'hexagraph:ready')) {
        ready.add(worker);
        if (!started && ready.size === count) {
          started = true;
          log.info(
            { workers: count, pids: [...ready].map((each) => each.process.pid) },
            'gateway workers ready',
          );
        }
        return;
      }
      metrics.onMessage(worker, message);
    });
  };

  const giveUp = (reason: string, details: Record<string, unknown>) => {
    log.fatal(details, reason);
    process.stderr.write(`gateway: ${reason}\n`);
    void stopWorkers().then(() => exit(1));
  };

  const stopWorkers = (): Promise<DrainOutcome> => {
    stopping ??= new Promise<DrainOutcome>((resolve) => {
      let outcome: DrainOutcome = 'drained';
      const alive = new Set(Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined));
      // A worker still starting has no requests to cut: the signal just ends it.
      const serving = new Set(ready);
      const settle = () => {
        if (alive.size === 0) resolve(outcome);
      };
      cluster.on('exit', (worker, code) => {
        if (code !== 0 && serving.has(worker)) outcome = 'cut';
        alive.delete(worker);
        settle();
      });
      for (const worker of alive) worker.process.kill('SIGTERM');
      settle();
    });
    return stopping;
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker);
    if (stopping) return;
    const details = { worker: worker.id, pid: worker.process.pid, code, signal };
    if (!started) {
      giveUp(
        `a worker process exited ${wasReady ? 'before its siblings were ready' : 'while starting'} (code ${code ?? signal}): stopping the gateway`,
        details,
      );
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while ((restarts[0] ?? now) <= now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      giveUp(
        `worker processes exited ${restarts.length} times within ${RESTART_WINDOW_MS / 1000} s: stopping the gateway`,
        details,
      );
      return;
    }
    log.error(details, 'a worker process exited: starting another');
    fork();
  });

  log.info({ workers: count }, `starting ${count} gateway worker processes`);
  for (let index = 0; index < count; index += 1) fork();
  onShutdownSignal(log, () => stopWorkers(), { graceMs: options.graceMs, exit });
}
