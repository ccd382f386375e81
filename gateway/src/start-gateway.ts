import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { DrainOutcome } from '../../platform/http/connection-drain.js';
import { persistedQueryCache } from './cache/persisted-query-cache.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { SecuritySettings } from './config/security-config.js';
import type { FetchInfo } from './executor/execution-state.js';
import { allowedOrigins } from './http/cors.js';
import { createGatewayApollo, gatewayErrorFormatter } from './http/create-apollo-server.js';
import { type RouteHandler, startGatewayHttpServer } from './http/gateway-http-server.js';
import { gatewayInterface } from './http/gateway-interface.js';
import { AccessLog, accessLogPlugin } from './observability/access-log.js';
import type { GatewayMetrics } from './observability/gateway-metrics.js';
import { gatewayTelemetry } from './observability/gateway-telemetry.js';
import { metricsRoute } from './observability/metrics-route.js';
import type { PlanInfo } from './planner/query-planner.js';
import { ExecutionGate } from './request/execution-gate.js';
import type { RequestContext } from './request/request-context.js';
import { createKeySet } from './security/authorization/key-set.js';
import type { PolicyHook } from './security/authorization/policy-hook.js';
import { TokenAuthenticator } from './security/authorization/token-authenticator.js';
import { CostModel } from './security/cost-model.js';
import { costWeights } from './security/operation-limits.js';
import type { OperationCost } from './security/operation-limits-plugin.js';
import type { RateLimiter } from './security/rate-limit.js';
import type { TrustedDocumentStore } from './security/trusted-document-store.js';
import type { TrustedDocumentsPolicy } from './security/trusted-documents.js';
import { SubscriptionService } from './subscriptions/subscription-service.js';
import { buildSupergraphRuntime, type GatewayHooks, type SupergraphRuntime } from './supergraph-runtime.js';
import type { SubgraphClient } from './upstream/subgraph-client.js';
import { type SubgraphSubscriptions, WsSubgraphSubscriptions } from './upstream/subgraph-subscriptions.js';

/**
 * What a gateway is built from besides its settings: the supergraph and the runtime parts, each of
 * which a test or an embedder may replace by a fake.
 */
export interface GatewayDeps {
  log: Logger;
  supergraphSdl: string;
  /** Where the SDL came from, for error messages (e.g. the file path). */
  supergraphSource?: string;
  /** Calls subgraphs; when absent, an undici client with the upstream section's policies is created. */
  client?: SubgraphClient;
  /**
   * Records everything the gateway measures: requests and errors by code (refusals included),
   * plan cache, entity batches, and, for the upstream it creates, fetch durations, retries and
   * breaker states; served on `/metrics`. A caller bringing its own `client` spreads
   * `gatewayTelemetry(metrics)` instead.
   */
  metrics?: GatewayMetrics;
  /** Token buckets per client (`createRateLimiter`); without one nothing is rate limited. */
  rateLimiter?: RateLimiter;
  /** The trusted documents (`loadTrustedDocuments`); required when `security.trustedDocuments.mode` is not `off`. */
  trustedDocuments?: TrustedDocumentStore;
  /** The `@policy` decider (`loadPolicyHook`); required when `auth.policyModule` is set. */
  policyHook?: PolicyHook;
  /** Where automatic persisted queries are kept (`persistedQueryCache`); default an LRU in this process. */
  persistedQueryCache?: KeyValueCache<string>;
  hooks?: GatewayHooks;
  /** Apollo Server plugins added after the gateway's own. */
  plugins?: ApolloServerPlugin<RequestContext>[];
  /** Routes served on the client port beside `/graphql`, `/healthz` and `/readyz`. */
  extraRoutes?: Record<string, RouteHandler>;
  /** Operator routes, on the admin listener when `config.core.admin` sets one (`/metrics` is added with `metrics`). */
  adminRoutes?: Record<string, RouteHandler>;
  /** Subscribes to subgraphs; when absent, graphql-ws connections to the subgraphs' URLs, signed. */
  subgraphSubscriptions?: SubgraphSubscriptions;
}

/** A started gateway. */
export interface RunningGateway {
  /** `http://localhost:<port>/graphql` */
  url: string;
  port: number;
  /** `http://localhost:<port>` of the admin listener (`/metrics`, detailed `/readyz`), when there is one. */
  adminUrl?: string;
  /**
   * Drains (readiness 503 at once, no new connections, in-flight requests answered with
   * `Connection: close` within `graceMs`, default 5 s), then releases subgraph connections;
   * resolves to how the drain ended.
   */
  close(options?: { graceMs?: number }): Promise<DrainOutcome>;
}

/** The gateway's parts, wired but not listening: for tests and for `startGateway`. */
export interface BuiltGateway {
  /** Model, planner, upstream and request executor of the supergraph served. */
  runtime: SupergraphRuntime;
  apollo: ApolloServer<RequestContext>;
  /** The trusted documents and the mode they are enforced in; absent in `off` mode. */
  trustedDocuments: TrustedDocumentsPolicy | undefined;
  /** Releases what the gateway created (the upstream client's pools). */
  dispose(): Promise<void>;
}

/**
 * Wires supergraph -> planner -> executor -> Apollo Server from the config tree and `deps`.
 * Throws a SupergraphError for a bad supergraph, a ConfigError for a URL override or header rules
 * naming an unknown subgraph or an unreadable JWKS file, and an Error when trusted documents are
 * switched on but none were given, or a policy module is named but its hook was not given.
 */
export function buildGateway(config: GatewayConfig, deps: GatewayDeps): BuiltGateway {
  const { log, metrics } = deps;
  const { security } = config;
  const trustedDocuments = trustedDocumentsPolicy(security, deps.trustedDocuments);
  const telemetry = metrics ? gatewayTelemetry(metrics) : undefined;
  const hooks = guardHooks([telemetry?.hooks, deps.hooks], log);
  const policyHook = policyHookFor(config, deps.policyHook);
  const runtime = buildSupergraphRuntime(
    { sdl: deps.supergraphSdl, source: deps.supergraphSource ?? 'supergraph' },
    config,
    {
      log,
      hooks,
      ...(deps.client && { client: deps.client }),
      ...(metrics && { metrics }),
      authenticator: new TokenAuthenticator(config.auth, config.auth.jwks && createKeySet(config.auth.jwks)),
      ...(policyHook && { policyHook }),
    },
  );
  const { model } = runtime;
  const apollo = createGatewayApollo({
    gateway: gatewayInterface({
      apiSchema: model.apiSchema,
      supergraphSdl: model.sdl,
      execute: runtime.execute,
    }),
    log,
    security,
    exposesQueryPlans: config.observability.queryPlanExposure !== 'never',
    ...(trustedDocuments && { trustedDocuments }),
    persistedQueries: {
      cache:
        deps.persistedQueryCache ?? persistedQueryCache({ settings: config.cache.persistedQueries, log }),
      ttlSeconds: config.cache.persistedQueries.ttlSeconds,
    },
    plugins: [accessLogPlugin<RequestContext>(), ...(telemetry?.plugins ?? []), ...(deps.plugins ?? [])],
    cost: {
      model: new CostModel(model.apiSchema, costWeights(security.limits), model.costDirectives),
      ...(metrics && { onCost: (cost: OperationCost) => metrics.observeCost(cost) }),
    },
  });
  return { runtime, apollo, trustedDocuments, dispose: () => runtime.dispose() };
}

/**
 * Starts a gateway serving the supergraph on node:http at `config.core.port`: `/graphql` (Apollo
 * Server with the explorer landing page in development, its files under `/explorer/`), `/healthz`,
 * `/readyz`, and `extraRoutes`; `/metrics` (when given `metrics`) and `/readyz` with breaker
 * states on the admin listener of `config.core.admin`, or on the client port when there is none.
 */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps): Promise<RunningGateway> {
  const gateway = buildGateway(config, deps);
  const { runtime, trustedDocuments } = gateway;
  const { core, security } = config;
  const { metrics, log } = deps;
  let started = false;
  const gate = new ExecutionGate({
    minConcurrent: core.executionConcurrency.min,
    maxConcurrent: core.executionConcurrency.max,
  });
  metrics?.watchExecutionGate(gate);
  try {
    await gateway.apollo.start();
    started = true;
    const formatDeferredError = gatewayErrorFormatter(gateway.apollo);
    const http = await startGatewayHttpServer({
      apollo: gateway.apollo,
      gate,
      ...(formatDeferredError && { formatDeferredError }),
      log,
      port: core.port,
      host: core.host,
      ...(core.admin && { admin: core.admin }),
      corsOrigins: allowedOrigins(core.corsOrigins, {
        sandbox: security.production.landingPage.mode === 'sandbox',
      }),
      deadline: config.upstream.deadline,
      readiness: () => ({
        ready: started,
        details: { subgraphs: [...runtime.model.subgraphs.keys()], breakers: runtime.breakerStates() },
      }),
      ...(deps.extraRoutes && { extraRoutes: deps.extraRoutes }),
      adminRoutes: { ...(metrics && { '/metrics': metricsRoute(metrics) }), ...deps.adminRoutes },
      serveExplorer: security.production.landingPage.mode !== 'off',
      maxBodyBytes: security.production.maxBodyBytes,
      bodyTimeoutMs: security.production.bodyTimeoutMs,
      screen: {
        limits: security.limits,
        maxBatchSize: security.maxBatchSize,
        ...(trustedDocuments && { trustedDocuments }),
      },
      ...(deps.rateLimiter && { rateLimiter: deps.rateLimiter }),
      clientKey: security.clientKey,
      ...(metrics && { onRefusal: (code: string) => metrics.countError(code) }),
      accessLog: new AccessLog(log, { sampleRate: config.observability.accessLogSampleRate }),
      subscriptions: {
        service: subscriptionService(config, deps, runtime, gateway.apollo),
        apiSchema: runtime.model.apiSchema,
      },
    });
    log.info({ url: http.url }, 'gateway listening');
    if (http.adminUrl)
      log.info({ adminUrl: http.adminUrl }, 'admin routes (/metrics, detailed /readyz) listening');
    let closing: Promise<DrainOutcome> | undefined;
    return {
      url: http.url,
      port: http.port,
      ...(http.adminUrl && { adminUrl: http.adminUrl }),
      close: (closeOptions) => {
        closing ??= (async () => {
          started = false;
          const outcome = await http.close(closeOptions);
          gate.close();
          await gateway.apollo.stop();
          await gateway.dispose();
          return outcome;
        })();
        return closing;
      },
    };
  } catch (error) {
    gate.close();
    if (started) await gateway.apollo.stop().catch(() => undefined);
    await gateway.dispose().catch(() => undefined);
    throw error;
  }
}

/** Client subscriptions over the subgraphs' own, with the gateway's bounds and error format. */
function subscriptionService(
  config: GatewayConfig,
  deps: GatewayDeps,
  runtime: SupergraphRuntime,
  apollo: ApolloServer<RequestContext>,
): SubscriptionService {
  const { subscriptions, upstream } = config;
  const format = gatewayErrorFormatter(apollo);
  return new SubscriptionService({
    settings: subscriptions,
    upstream:
      deps.subgraphSubscriptions ??
      new WsSubgraphSubscriptions({
        urls: new Map([...runtime.model.subgraphs.values()].map(({ name, url }) => [name, url])),
        ...(upstream.signingSecret && { signingSecret: upstream.signingSecret }),
        log: deps.log,
        reconnectAttempts: subscriptions.reconnectAttempts,
        reconnectBaseMs: subscriptions.reconnectBaseMs,
        reconnectMaxMs: subscriptions.reconnectMaxMs,
        maxMessageBytes: upstream.maxResponseBytes,
      }),
    deadline: upstream.deadline,
    formatError: (error) => (format ? format(error) : error.toJSON()),
    ...(deps.metrics && { metrics: deps.metrics }),
  });
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

/** The policy hook in force; an error when the settings name a policy module that was not loaded. */
function policyHookFor(config: GatewayConfig, hook: PolicyHook | undefined): PolicyHook | undefined {
  const path = config.auth.policyModule;
  if (path !== undefined && !hook) {
    throw new Error(
      `AUTH_POLICY_MODULE names ${path}, but no policy hook was given: pass policyHook: await loadPolicyHook(${JSON.stringify(path)}).`,
    );
  }
  return hook;
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
