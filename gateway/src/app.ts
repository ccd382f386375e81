import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { ExecutionHooks, FetchInfo } from './executor/execution-state.js';
import { allowedOrigins } from './http/cors.js';
import { createGatewayApollo } from './http/create-apollo-server.js';
import type { GatewayContext } from './http/gateway-context.js';
import { gatewayExecutor } from './http/gateway-executor.js';
import { type RouteHandler, startGatewayHttpServer } from './http/gateway-http-server.js';
import { gatewayInterface } from './http/gateway-interface.js';
import { type PlanInfo, QueryPlanner } from './planner/query-planner.js';
import { SupergraphIndex } from './planner/supergraph-index.js';
import { parseSupergraph } from './supergraph/parse-supergraph.js';
import type { SupergraphModel } from './supergraph/supergraph-model.js';
import { createUpstream } from './upstream/create-upstream.js';
import type { DeadlineSettings } from './upstream/deadline.js';
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
  /** Defaults to on, off when `production`. */
  introspection?: boolean;
  /** Apollo Sandbox landing page; defaults to on, off when `production`. */
  landingPage?: boolean;
  /** Defaults to NODE_ENV === 'production'. */
  production?: boolean;
  /** Allowed CORS origins besides Apollo Sandbox's (`*` for any). */
  corsOrigins?: string[];
  hooks?: GatewayHooks;
  /** Routes served beside `/graphql`, `/healthz` and `/readyz`, e.g. `{ '/metrics': handler }`. */
  extraRoutes?: Record<string, RouteHandler>;
  /** Apollo Server plugins added after the gateway's own. */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** Largest accepted request body (default 2 MB). */
  maxBodyBytes?: number;
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
  apollo: ApolloServer<GatewayContext>;
  /** Releases what the gateway created (the upstream client's pools). */
  dispose(): Promise<void>;
}

/** Wires supergraph -> planner -> executor -> Apollo Server; throws a SupergraphError for a bad supergraph. */
export function buildGateway(options: Omit<GatewayOptions, 'port' | 'host' | 'extraRoutes'>): BuiltGateway {
  const { log } = options;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const model = parseSupergraph(options.supergraphSdl, {
    source: options.supergraphSource ?? 'supergraph',
    ...(options.subgraphUrls && { subgraphUrls: options.subgraphUrls }),
  });
  const upstream = options.client
    ? undefined
    : createUpstream({
        subgraphs: [...model.subgraphs.values()],
        ...(options.upstreamSettings && { settings: options.upstreamSettings }),
        log,
      });
  const client = options.client ?? (upstream as NonNullable<typeof upstream>).client;
  const hooks = guardHooks(options.hooks, log);
  const planner = new QueryPlanner(new SupergraphIndex(model), {
    cacheSize: options.planCacheSize ?? 1000,
    onPlan: hooks.onPlan,
  });
  const executor = gatewayExecutor({
    planner,
    apiSchema: model.apiSchema,
    client,
    hooks,
    exposeQueryPlan: options.exposeQueryPlan ?? false,
  });
  const apollo = createGatewayApollo({
    gateway: gatewayInterface({ apiSchema: model.apiSchema, supergraphSdl: model.sdl, executor }),
    log,
    introspection: options.introspection ?? !production,
    landingPage: options.landingPage ?? !production,
    ...(options.plugins && { plugins: options.plugins }),
  });
  return { model, planner, apollo, dispose: async () => upstream?.close() };
}

/**
 * Starts a gateway serving `supergraphSdl` on node:http: `/graphql` (Apollo Server with the
 * Sandbox landing page in development), `/healthz`, `/readyz` and `extraRoutes`.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = buildGateway(options);
  let started = false;
  try {
    await gateway.apollo.start();
    started = true;
    const http = await startGatewayHttpServer({
      apollo: gateway.apollo,
      log: options.log,
      port: options.port,
      ...(options.host && { host: options.host }),
      corsOrigins: allowedOrigins(options.corsOrigins),
      deadline: options.deadline ?? defaultDeadlineSettings,
      readiness: () => ({ ready: started, details: { subgraphs: [...gateway.model.subgraphs.keys()] } }),
      ...(options.extraRoutes && { extraRoutes: options.extraRoutes }),
      ...(options.maxBodyBytes && { maxBodyBytes: options.maxBodyBytes }),
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

/** Instrumentation must never break a request: a throwing hook is logged and ignored. */
function guardHooks(hooks: GatewayHooks | undefined, log: Logger): Required<GatewayHooks> {
  const guard =
    <T>(name: string, hook: ((info: T) => void) | undefined) =>
    (info: T) => {
      if (!hook) return;
      try {
        hook(info);
      } catch (error) {
        log.warn({ err: error, hook: name }, 'instrumentation hook threw');
      }
    };
  return {
    onFetch: guard<FetchInfo>('onFetch', hooks?.onFetch?.bind(hooks)),
    onPlan: guard<PlanInfo>('onPlan', hooks?.onPlan?.bind(hooks)),
  };
}
