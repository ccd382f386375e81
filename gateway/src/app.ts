import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { ExecutionHooks, FetchInfo } from './executor/execution-state.js';
import { allowedOrigins } from './http/cors.js';
import { createGatewayApollo } from './http/create-apollo-server.js';
import { type RouteHandler, startGatewayHttpServer } from './http/gateway-http-server.js';
import { gatewayInterface } from './http/gateway-interface.js';
import { defaultPersistedQuerySettings, persistedQueryCache } from './http/persisted-query-cache.js';
import type { BreakerState, GatewayMetrics } from './observability/gateway-metrics.js';
import { gatewayTelemetry } from './observability/gateway-telemetry.js';
import { metricsRoute } from './observability/metrics-route.js';
import { type PlanInfo, QueryPlanner } from './planner/query-planner.js';
import { SupergraphIndex } from './planner/supergraph-index.js';
import type { DeadlineSettings } from './request/deadline.js';
import type { RequestContext } from './request/request-context.js';
import { requestExecutor } from './request/request-executor.js';
import { type SecuritySettings, securitySettingsFromEnv } from './security/config.js';
import { checkHeaderRulesSubgraphs } from './security/header-rules.js';
import type { RateLimiter } from './security/rate-limit.js';
import type { TrustedDocumentStore } from './security/trusted-document-store.js';
import type { TrustedDocumentsPolicy } from './security/trusted-documents.js';
import { parseSupergraph } from './supergraph/parse-supergraph.js';
import type { SupergraphModel } from './supergraph/supergraph-model.js';
import { createUpstream, type Upstream } from './upstream/create-upstream.js';
import type { SubgraphClient } from './upstream/subgraph-client.js';
import { defaultDeadlineSettings, type UpstreamSettings } from './upstream/upstream-config.js';

/** Instrumentation the gateway calls: after each subgraph call and each planning. Hooks must not throw. */
export interface GatewayHooks extends ExecutionHooks {
  onPlan?(info: PlanInfo): void;
}

/** Everything a gateway process is built from. */
export interface GatewayOptions {
  supergraphSdl: string;
  log: Logger;
  port: number;
  host?: string;
  /** Where the SDL came from, for error messages (e.g. the file path). */
  supergraphSource?: string;
  /** Calls subgraphs; when absent, an undici client with resilience policies is created. */
  client?: SubgraphClient;
  /** Subgraph name -> URL, replacing the supergraph's `@join__graph(url:)`. */
  subgraphUrls?: Record<string, string>;
  /** Settings of the created upstream client (ignored when `client` is given). */
  upstreamSettings?: Partial<UpstreamSettings>;
  /** Request deadline: default and cap (a client may ask for less with `x-request-timeout-ms`). */
  deadline?: DeadlineSettings;
  /** Most query plans cached (default 1000). */
  planCacheSize?: number;
  /** Returns each request's plan in `extensions.queryPlan`. */
  exposeQueryPlan?: boolean;
  /**
   * Operation limits, batching, header rules, body limits and production hardening (see
   * `securitySettingsFromEnv`). Default: every setting's default, hardened when `production`.
   */
  security?: SecuritySettings;
  /** Hardens the default `security` for production; ignored when `security` is given. Default: NODE_ENV === 'production'. */
  production?: boolean;
  /** Token buckets per client (`createRateLimiter`); without one nothing is rate limited. */
  rateLimiter?: RateLimiter;
  /** The trusted documents (`loadTrustedDocuments`); required when `security.trustedDocuments.mode` is not `off`. */
  trustedDocuments?: TrustedDocumentStore;
  /** Where automatic persisted queries are kept (`persistedQueryCache`); default an LRU in this process. */
  persistedQueryCache?: KeyValueCache<string>;
  /** Seconds a persisted query is kept; null keeps it until evicted (default one day). */
  persistedQueryTtlSeconds?: number | null;
  /**
   * Records everything the gateway measures: requests and errors by code (refusals included),
   * plan cache, entity batches, and, for the upstream it creates, fetch durations, retries and
   * breaker states; served on `/metrics`. A caller bringing its own `client` spreads
   * `gatewayTelemetry(metrics)` instead.
   */
  metrics?: GatewayMetrics;
  /** Allowed CORS origins besides Apollo Sandbox's (`*` for any). */
  corsOrigins?: string[];
  hooks?: GatewayHooks;
  /** Routes served beside `/graphql`, `/healthz` and `/readyz`, e.g. `{ '/metrics': handler }`. */
  extraRoutes?: Record<string, RouteHandler>;
  /** Apollo Server plugins added after the gateway's own. */
  plugins?: ApolloServerPlugin<RequestContext>[];
}

/** A started gateway. */
export interface RunningGateway {
  /** `http://localhost:<port>/graphql` */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish (bounded), then releases subgraph connections. */
  close(): Promise<void>;
}

/** The gateway's parts, wired but not listening: for tests and for `startGateway`. */
export interface BuiltGateway {
  model: SupergraphModel;
  planner: QueryPlanner;
  apollo: ApolloServer<RequestContext>;
  security: SecuritySettings;
  /** The trusted documents and the mode they are enforced in; absent in `off` mode. */
  trustedDocuments: TrustedDocumentsPolicy | undefined;
  /** Each subgraph's breaker state; empty when the caller brought its own client. */
  breakerStates(): Record<string, BreakerState>;
  /** Releases what the gateway created (the upstream client's pools). */
  dispose(): Promise<void>;
}

/**
 * Wires supergraph -> planner -> executor -> Apollo Server. Throws a SupergraphError for a bad
 * supergraph, a ConfigError for header rules naming an unknown subgraph, and an Error when trusted
 * documents are switched on but none were given.
 */
export function buildGateway(options: Omit<GatewayOptions, 'port' | 'host' | 'extraRoutes'>): BuiltGateway {
  const { log, metrics } = options;
  const security =
    options.security ?? defaultSecuritySettings(options.production ?? process.env.NODE_ENV === 'production');
  const model = parseSupergraph(options.supergraphSdl, {
    source: options.supergraphSource ?? 'supergraph',
    ...(options.subgraphUrls && { subgraphUrls: options.subgraphUrls }),
  });
  checkHeaderRulesSubgraphs(security.headerRules, [...model.subgraphs.keys()]);
  const trustedDocuments = trustedDocumentsPolicy(security, options.trustedDocuments);
  const upstream: Upstream | undefined = options.client
    ? undefined
    : createUpstream({
        subgraphs: [...model.subgraphs.values()],
        ...(options.upstreamSettings && { settings: options.upstreamSettings }),
        log,
        ...(metrics && { metrics }),
      });
  const client = options.client ?? (upstream as Upstream).client;
  const telemetry = metrics ? gatewayTelemetry(metrics) : undefined;
  const hooks = guardHooks([telemetry?.hooks, options.hooks], log);
  const planner = new QueryPlanner(new SupergraphIndex(model), {
    cacheSize: options.planCacheSize ?? 1000,
    onPlan: hooks.onPlan,
  });
  const execute = requestExecutor({
    planner,
    apiSchema: model.apiSchema,
    client,
    hooks,
    exposeQueryPlan: options.exposeQueryPlan ?? false,
    headerRules: security.headerRules,
  });
  const apollo = createGatewayApollo({
    gateway: gatewayInterface({ apiSchema: model.apiSchema, supergraphSdl: model.sdl, execute }),
    log,
    security,
    ...(trustedDocuments && { trustedDocuments }),
    persistedQueries: {
      cache:
        options.persistedQueryCache ?? persistedQueryCache({ settings: defaultPersistedQuerySettings, log }),
      ttlSeconds:
        options.persistedQueryTtlSeconds === undefined
          ? defaultPersistedQuerySettings.ttlSeconds
          : options.persistedQueryTtlSeconds,
    },
    plugins: [...(telemetry?.plugins ?? []), ...(options.plugins ?? [])],
  });
  return {
    model,
    planner,
    apollo,
    security,
    trustedDocuments,
    breakerStates: () => upstream?.breakerStates() ?? {},
    dispose: async () => upstream?.close(),
  };
}

/**
 * Starts a gateway serving `supergraphSdl` on node:http: `/graphql` (Apollo Server with the
 * Sandbox landing page in development), `/healthz`, `/readyz` (with breaker states), `/metrics`
 * when given `metrics`, and `extraRoutes`.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = buildGateway(options);
  const { security, trustedDocuments } = gateway;
  const { metrics } = options;
  let started = false;
  try {
    await gateway.apollo.start();
    started = true;
    const extraRoutes = { ...(metrics && { '/metrics': metricsRoute(metrics) }), ...options.extraRoutes };
    const http = await startGatewayHttpServer({
      apollo: gateway.apollo,
      log: options.log,
      port: options.port,
      ...(options.host && { host: options.host }),
      corsOrigins: allowedOrigins(options.corsOrigins),
      deadline: options.deadline ?? defaultDeadlineSettings,
      readiness: () => ({
        ready: started,
        details: { subgraphs: [...gateway.model.subgraphs.keys()], breakers: gateway.breakerStates() },
      }),
      extraRoutes,
      maxBodyBytes: security.production.maxBodyBytes,
      bodyTimeoutMs: security.production.bodyTimeoutMs,
      screen: {
        limits: security.limits,
        maxBatchSize: security.maxBatchSize,
        ...(trustedDocuments && { trustedDocuments }),
      },
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      clientKey: security.clientKey,
      ...(metrics && { onRefusal: (code: string) => metrics.countError(code) }),
    });
    options.log.info({ url: http.url }, 'gateway listening');
    let closing: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      close: () => {
        closing ??= (async () => {
          started = false;
          await http.close();
          await gateway.apollo.stop();
          await gateway.dispose();
        })();
        return closing;
      },
    };
  } catch (error) {
    if (started) await gateway.apollo.stop().catch(() => undefined);
    await gateway.dispose().catch(() => undefined);
    throw error;
  }
}

/** Every security setting at its default, hardened for production or not. */
function defaultSecuritySettings(production: boolean): SecuritySettings {
  return securitySettingsFromEnv({ NODE_ENV: production ? 'production' : 'development' });
}

/** The trusted-documents policy in force: none in `off` mode; an error when the documents are missing. */
function trustedDocumentsPolicy(
  security: SecuritySettings,
  store: TrustedDocumentStore | undefined,
): TrustedDocumentsPolicy | undefined {
  const { mode, directory } = security.trustedDocuments;
  if (mode === 'off') return undefined;
  if (!store) {
    throw new Error(
      `Trusted documents are in ${mode} mode, but none were given: pass trustedDocuments: await loadTrustedDocuments(${JSON.stringify(directory)}).`,
    );
  }
  return { store, mode };
}

/** Several hook sets as one; instrumentation must never break a request, so a throwing hook is logged and ignored. */
function guardHooks(sets: readonly (GatewayHooks | undefined)[], log: Logger): Required<GatewayHooks> {
  const guard =
    <T>(name: keyof GatewayHooks) =>
    (info: T) => {
      for (const hooks of sets) {
        const hook = hooks?.[name] as ((info: T) => void) | undefined;
        if (!hook) continue;
        try {
          hook.call(hooks, info);
        } catch (error) {
          log.warn({ err: error, hook: name }, 'instrumentation hook threw');
        }
      }
    };
  return { onFetch: guard<FetchInfo>('onFetch'), onPlan: guard<PlanInfo>('onPlan') };
}
