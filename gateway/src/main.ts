/**
 * Composition root of the gateway process: config -> supergraph -> gateway (planner, executor,
 * Apollo Server) -> HTTP, with metrics on `/metrics`. `npm run start:gateway`.
 */
import { loadConfigOrExit } from '../../subgraphs/platform/config.js';
import { onShutdownSignal } from '../../subgraphs/platform/shutdown.js';
import { startGateway } from './app.js';
import { type GatewayConfig, loadGatewayConfig, resolveUrlOverrides } from './config.js';
import { createGatewayLogger, type Logger } from './observability/gateway-logger.js';
import { createGatewayMetrics } from './observability/gateway-metrics.js';
import { metricsRoute } from './observability/metrics-route.js';
import { composeFromSubgraphs } from './supergraph/compose-from-subgraphs.js';
import { loadSupergraphFile } from './supergraph/load-supergraph.js';
import { parseSupergraph } from './supergraph/parse-supergraph.js';
import { SupergraphError } from './supergraph/supergraph-error.js';

async function main(config: GatewayConfig, log: Logger): Promise<void> {
  const { supergraph } = config;
  const supergraphSdl =
    supergraph.kind === 'file'
      ? (await loadSupergraphFile(supergraph.path)).sdl
      : await composeFromSubgraphs(supergraph.subgraphs, { timeoutMs: supergraph.timeoutMs });
  const source = supergraph.kind === 'file' ? supergraph.path : 'composed from SUBGRAPH_URLS';
  const names = [...parseSupergraph(supergraphSdl, { source }).subgraphs.keys()];
  const metrics = createGatewayMetrics({ processMetrics: true });

  const gateway = await startGateway({
    supergraphSdl,
    supergraphSource: source,
    subgraphUrls: resolveUrlOverrides(config.subgraphUrlOverrides, names),
    log,
    port: config.port,
    host: config.host,
    upstreamSettings: config.upstream,
    deadline: config.deadline,
    planCacheSize: config.planCacheSize,
    exposeQueryPlan: config.exposeQueryPlan,
    introspection: config.introspection,
    landingPage: config.landingPage,
    production: config.production,
    corsOrigins: config.corsOrigins,
    hooks: {
      onFetch: (info) => {
        metrics.observeFetch(info.subgraph, info.ok ? 'ok' : 'error', info.durationMs / 1000);
        if (info.entityCount !== undefined) metrics.observeEntityBatch(info.subgraph, info.entityCount);
      },
      onPlan: (info) => metrics.countPlanCache(info.cacheHit ? 'hit' : 'miss'),
    },
    extraRoutes: { '/metrics': metricsRoute(metrics) },
  });
  onShutdownSignal(log, () => gateway.close());
}

const config = loadConfigOrExit(() => loadGatewayConfig(), 'gateway');
const log = createGatewayLogger({ level: config.logLevel });
main(config, log).catch((error: unknown) => {
  if (error instanceof SupergraphError) {
    log.fatal({ source: error.source }, error.message);
    process.stderr.write(`gateway: ${error.message}\n`);
  } else {
    log.fatal({ err: error }, 'gateway failed to start');
    process.stderr.write(`gateway: ${(error as Error).message ?? String(error)}\n`);
  }
  process.exit(1);
});
