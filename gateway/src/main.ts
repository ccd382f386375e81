/**
 * The gateway process: settings from the environment, then either the gateway itself
 * (`gateway-process.ts`) or, with WORKER_PROCESSES above 1, a primary process that forks that
 * many workers, each of which runs this file again as a whole gateway (`workers/`). On SIGINT or
 * SIGTERM the requests in flight drain within SHUTDOWN_GRACE_MS (see platform/shutdown.ts).
 * `npm run start:gateway` and the container image run this file.
 */
import cluster from 'node:cluster';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfigOrExit } from '../../platform/config.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { type GatewayConfig, loadGatewayConfig } from './config/gateway-config.js';
import { createGatewayLogger, type Logger } from './observability/gateway-logger.js';
import { SupergraphError } from './supergraph/supergraph-error.js';
import {
  answerMetricsCollection,
  metricsFromEveryWorker,
  type PrimaryChannel,
} from './workers/worker-metrics.js';
import { superviseWorkers } from './workers/worker-supervisor.js';

function runGatewayProcess(): void {
  const config = loadConfigOrExit(() => loadGatewayConfig(), 'gateway');
  const root = createGatewayLogger({ level: config.observability.logLevel });
  if (config.core.workerProcesses > 1 && cluster.isPrimary) {
    superviseWorkers({ count: config.core.workerProcesses, log: root, graceMs: config.core.shutdownGraceMs });
    return;
  }
  const worker = cluster.worker;
  const log = worker ? root.child({ worker: worker.id }) : root;
  serveGateway(config, log, worker !== undefined).catch((error: unknown) => {
    if (error instanceof SupergraphError) {
      log.fatal({ source: error.source }, error.message);
      process.stderr.write(`gateway: ${error.message}\n`);
    } else {
      log.fatal({ err: error }, 'gateway failed to start');
      process.stderr.write(`gateway: ${(error as Error).message ?? String(error)}\n`);
    }
    process.exit(1);
  });
}

/**
 * Starts the gateway in this process. The gateway's modules load only here: a primary process,
 * which serves nothing, stays small. A worker's `/metrics` shows every worker's, and it tells the
 * primary once it listens.
 */
async function serveGateway(config: GatewayConfig, log: Logger, isWorker: boolean): Promise<void> {
  const { startGatewayProcess } = await import('./gateway-process.js');
  const { createGatewayMetrics } = await import('./observability/gateway-metrics.js');
  const primary = isWorker ? primaryChannel() : undefined;
  const metrics = createGatewayMetrics({
    processMetrics: true,
    ...(primary && { render: metricsFromEveryWorker(primary) }),
  });
  if (primary) answerMetricsCollection(metrics.registry, primary);
  const running = await startGatewayProcess(config, log, { metrics });
  onShutdownSignal(log, (graceMs) => running.stop(graceMs), { graceMs: config.core.shutdownGraceMs });
  primary?.send({ type: 'hexagraph:ready' });
}

/** A worker process's IPC channel to its primary. */
function primaryChannel(): PrimaryChannel {
  return {
    send: (message) => {
      process.send?.(message);
    },
    on: (event, listener) => {
      process.on(event, listener);
    },
  };
}

// Tests and `npm start` import the gateway from `gateway-process.ts`; only a process started on this file runs it.
if (isProcessEntryPoint()) runGatewayProcess();

function isProcessEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}
