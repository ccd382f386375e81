/**
 * Composition root of one gateway process: supergraph -> security (trusted documents, policy
 * module, rate limiter), Redis, tracing, metrics -> gateway (`startGateway`) -> HTTP. `main.ts`
 * runs it in the process (or in each worker process); `npm start` calls it beside the subgraphs.
 */
import type { DrainOutcome } from '../../platform/http/connection-drain.js';
import type { RedisClient, RedisClientOptions } from '../../platform/redis/redis-client.js';
import { persistedQueryCache } from './cache/persisted-query-cache.js';
import type { SupergraphSource } from './config/core-config.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { SecuritySettings } from './config/security-config.js';
import type { Logger } from './observability/gateway-logger.js';
import { createGatewayMetrics, type GatewayMetrics } from './observability/gateway-metrics.js';
import { startTracing } from './observability/tracing.js';
import { loadPolicyHook } from './security/authorization/policy-hook.js';
import { createRateLimiter } from './security/create-rate-limiter.js';
import { loadTrustedDocuments, type TrustedDocumentStore } from './security/trusted-document-store.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { loadSupergraphFile } from './supergraph/load-supergraph.js';
import type { SupergraphSdl } from './supergraph-runtime.js';

/**
 * A gateway process's running parts; `stop` drains the server (for `graceMs`, default 5 s), then
 * closes Redis and the span exporter, and resolves to how the drain ended.
 */
export interface GatewayProcess {
  gateway: RunningGateway;
  stop(graceMs?: number): Promise<DrainOutcome>;
}

/**
 * Starts the gateway from its config tree: loads (or composes) the supergraph, the trusted
 * documents and the policy module, starts tracing and metrics, and connects the Redis client
 * shared by persisted queries and rate limits, then starts the gateway on them. `options.metrics`
 * is the registry to record into (by default a fresh one with the process's own metrics).
 */
export async function startGatewayProcess(
  config: GatewayConfig,
  log: Logger,
  options: { metrics?: GatewayMetrics } = {},
): Promise<GatewayProcess> {
  const supergraph = await loadSupergraph(config.core.supergraph, config.upstream.signingSecret);
  const trustedDocuments = await loadTrustedDocumentsFor(config.security, log);
  const { policyModule } = config.auth;
  const policyHook = policyModule === undefined ? undefined : await loadPolicyHook(policyModule);
  const tracing = startTracing();
  const metrics = options.metrics ?? createGatewayMetrics({ processMetrics: true });
  // One fail-fast client for everything the replicas share: while Redis is away, persisted
  // queries degrade to misses and rate limits fail open, and the gateway keeps serving.
  const target = { url: config.cache.redisUrl, cluster: config.cache.redisCluster };
  const redis = target.url || target.cluster ? await connectRedis(target, log) : undefined;
  if (!config.upstream.signingSecret)
    log.info('SUBGRAPH_SIGNING_SECRET is unset: subgraph requests go out unsigned');
  const release = async () => {
    redis?.disconnect();
    await tracing.shutdown();
  };
  try {
    const gateway = await startGateway(config, {
      log,
      supergraphSdl: supergraph.sdl,
      supergraphSource: supergraph.source,
      metrics,
      ...(trustedDocuments && { trustedDocuments }),
      ...(policyHook && { policyHook }),
      rateLimiter: createRateLimiter(config.security.rateLimit, { log, ...(redis && { redis }) }),
      persistedQueryCache: persistedQueryCache({
        settings: config.cache.persistedQueries,
        log,
        metrics,
        ...(redis && { redis }),
      }),
    });
    return {
      gateway,
      async stop(graceMs) {
        const outcome = await gateway.close({ graceMs });
        await release();
        return outcome;
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * The shared Redis client. ioredis is loaded only here, for a gateway configured with Redis: left
 * out, it keeps about 10 MiB off the resident memory of one that is not.
 */
async function connectRedis(
  target: Pick<RedisClientOptions, 'url' | 'cluster'>,
  log: Logger,
): Promise<RedisClient> {
  const { createRedisClient, describeRedisTarget } = await import('../../platform/redis/redis-client.js');
  const redis = createRedisClient({ ...target, connectionName: 'hexagraph-gateway', log });
  log.info(`persisted queries and rate limits in Redis at ${describeRedisTarget(target)}`);
  return redis;
}

async function loadSupergraph(source: SupergraphSource, signingSecret?: string): Promise<SupergraphSdl> {
  if (source.kind === 'file')
    return { sdl: (await loadSupergraphFile(source.path)).sdl, source: source.path };
  // Composition is loaded only to compose: a gateway given a supergraph file never needs it.
  const { composeFromSubgraphs } = await import('./supergraph/compose-from-subgraphs.js');
  return {
    sdl: await composeFromSubgraphs(source.subgraphs, {
      timeoutMs: source.timeoutMs,
      ...(signingSecret && { signingSecret }),
    }),
    source: 'composed from SUBGRAPH_URLS',
  };
}

async function loadTrustedDocumentsFor(
  security: SecuritySettings,
  log: Logger,
): Promise<TrustedDocumentStore | undefined> {
  const { mode, directory } = security.trustedDocuments;
  if (mode === 'off') return undefined;
  const documents = await loadTrustedDocuments(directory);
  log.info({ mode, documents: documents.size }, `trusted documents loaded from ${directory}`);
  return documents;
}
