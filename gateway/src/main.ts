/**
 * Composition root of the gateway process: config -> supergraph -> security (trusted documents,
 * rate limiter) and shared state (Redis, when configured) -> gateway (planner, executor, Apollo
 * Server) -> HTTP, with metrics on `/metrics` and spans exported when OTLP is configured.
 * `npm run start:gateway`.
 */
import { loadConfigOrExit } from '../../platform/config.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { loadGatewayConfig } from './config.js';
import { createGatewayLogger } from './observability/gateway-logger.js';
import { runGateway } from './run-gateway.js';
import { SupergraphError } from './supergraph/supergraph-error.js';

const config = loadConfigOrExit(() => loadGatewayConfig(), 'gateway');
const log = createGatewayLogger({ level: config.logLevel });
runGateway(config, log).then(
  (running) => onShutdownSignal(log, running.stop),
  (error: unknown) => {
    if (error instanceof SupergraphError) {
      log.fatal({ source: error.source }, error.message);
      process.stderr.write(`gateway: ${error.message}\n`);
    } else {
      log.fatal({ err: error }, 'gateway failed to start');
      process.stderr.write(`gateway: ${(error as Error).message ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
