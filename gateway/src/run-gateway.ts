import { createRedisClient } from '../../platform/redis/redis-client.js';
import { describeRedisUrl } from '../../platform/redis/redis-errors.js';
import { type RunningGateway, startGateway } from './app.js';
import { type GatewayConfig, resolveUrlOverrides } from './config.js';
import { persistedQueryCache } from './http/persisted-query-cache.js';
import type { Logger } from './observability/gateway-logger.js';
import { createGatewayMetrics } from './observability/gateway-metrics.js';
import { startTracing } from './observability/tracing.js';
import { createRateLimiter } from './security/create-rate-limiter.js';
import { loadTrustedDocuments } from './security/trusted-document-store.js';
import { composeFromSubgraphs } from './supergraph/compose-from-subgraphs.js';
import { loadSupergraphFile } from './supergraph/load-supergraph.js';
import { parseSupergraph } from './supergraph/parse-supergraph.js';

/** A gateway process's running parts; `stop` closes the server, Redis and the span exporter. */
export interface GatewayProcess {
  gateway: RunningGateway;
  stop(): Promise<void>;
}

/**
 * Starts the gateway from its validated settings: loads (or composes) the supergraph, trusted
 * documents, metrics, tracing, and the Redis client shared by persisted queries and rate limits.
 * `subgraphUrls` replaces URLs beyond the `SUBGRAPH_URL_<NAME>` overrides (used by `npm start`).
 */
export async function runGateway(
  config: GatewayConfig,
  log: Logger,
  subgraphUrls: Record<string, string> = {},
): Promise<GatewayProcess> {
  const { supergraph, security } = config;
  const supergraphSdl =
    supergraph.kind === 'file'
      ? (await loadSupergraphFile(supergraph.path)).sdl
      : await composeFromSubgraphs(supergraph.subgraphs, { timeoutMs: supergraph.timeoutMs });
  const source = supergraph.kind === 'file' ? supergraph.path : 'composed from SUBGRAPH_URLS';
  const names = [...parseSupergraph(supergraphSdl, { source }).subgraphs.keys()];
  const trustedDocuments =
    security.trustedDocuments.mode === 'off'
      ? undefined
      : await loadTrustedDocuments(security.trustedDocuments.directory);
  if (trustedDocuments) {
    log.info(
      { mode: security.trustedDocuments.mode, documents: trustedDocuments.size },
      `trusted documents loaded from ${security.trustedDocuments.directory}`,
    );
  }

  const tracing = startTracing();
  const metrics = createGatewayMetrics({ processMetrics: true });
  // One fail-fast client for everything the replicas share: while Redis is away, persisted
  // queries degrade to misses and rate limits fail open, and the gateway keeps serving.
  const redis = config.redisUrl
    ? createRedisClient({ url: config.redisUrl, connectionName: 'hexagraph-gateway', log })
    : undefined;
  if (config.redisUrl)
    log.info(`persisted queries and rate limits in Redis at ${describeRedisUrl(config.redisUrl)}`);

  const gateway = await startGateway({
    supergraphSdl,
    supergraphSource: source,
    subgraphUrls: { ...resolveUrlOverrides(config.subgraphUrlOverrides, names), ...subgraphUrls },
    log,
    port: config.port,
    host: config.host,
    upstreamSettings: config.upstream,
    deadline: config.deadline,
    planCacheSize: config.planCacheSize,
    exposeQueryPlan: config.exposeQueryPlan,
    corsOrigins: config.corsOrigins,
    security,
    ...(trustedDocuments && { trustedDocuments }),
    rateLimiter: createRateLimiter(security.rateLimit, { log, ...(redis && { redis }) }),
    persistedQueryCache: persistedQueryCache({
      settings: config.persistedQueries,
      log,
      metrics,
      ...(redis && { redis }),
    }),
    persistedQueryTtlSeconds: config.persistedQueries.ttlSeconds,
    metrics,
  });
  return {
    gateway,
    async stop() {
      await gateway.close();
      redis?.disconnect();
      await tracing.shutdown();
    },
  };
}
