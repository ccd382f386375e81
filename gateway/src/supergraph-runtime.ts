import type { Logger } from 'pino';
import { resolveUrlOverrides } from './config/core-config.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { ExecutionHooks } from './executor/execution-state.js';
import type { BreakerState, GatewayMetrics } from './observability/gateway-metrics.js';
import { type PlanInfo, QueryPlanner } from './planner/query-planner.js';
import { SupergraphIndex } from './planner/supergraph-index.js';
import type { RequestAuthorization } from './request/request-authorization.js';
import { type RequestExecutor, requestExecutor } from './request/request-executor.js';
import { readAuthorizationRules } from './security/authorization/authorization-rules.js';
import { OperationAuthorizer } from './security/authorization/operation-authorizer.js';
import type { PolicyHook } from './security/authorization/policy-hook.js';
import type { TokenAuthenticator } from './security/authorization/token-authenticator.js';
import { checkHeaderRulesSubgraphs } from './security/header-rules.js';
import { parseSupergraph } from './supergraph/parse-supergraph.js';
import type { SupergraphModel } from './supergraph/supergraph-model.js';
import { createUpstream } from './upstream/create-upstream.js';
import type { SubgraphClient } from './upstream/subgraph-client.js';

/** Instrumentation the gateway calls: after each subgraph call and each planning. Hooks must not throw. */
export interface GatewayHooks extends ExecutionHooks {
  onPlan?(info: PlanInfo): void;
}

/** A supergraph SDL and where it came from, for error messages (e.g. the file path). */
export interface SupergraphSdl {
  sdl: string;
  source: string;
}

/**
 * Everything built from one supergraph: the model, the planner and its cache, the upstream pools
 * and policies, and the request executor over them. It is built, and replaced, as a whole.
 */
export interface SupergraphRuntime {
  readonly model: SupergraphModel;
  readonly planner: QueryPlanner;
  /** Plan-then-execute for each admitted operation. */
  readonly execute: RequestExecutor;
  /** Each subgraph's breaker state; empty when the caller brought its own client. */
  breakerStates(): Record<string, BreakerState>;
  /** Releases what it created (the upstream pools). */
  dispose(): Promise<void>;
}

/** What a supergraph runtime is built with besides the supergraph and the settings. */
export interface SupergraphRuntimeDeps {
  log: Logger;
  hooks: Required<GatewayHooks>;
  /** Calls subgraphs; when absent, an undici client with the upstream section's policies is created. */
  client?: SubgraphClient;
  /** Fetch durations, retries and breaker states of the created upstream client. */
  metrics?: GatewayMetrics;
  /** Verifies request tokens for `@authenticated`, `@requiresScopes` and `@policy`. */
  authenticator: TokenAuthenticator;
  /** Grants `@policy` policies; without one every policy is denied. */
  policyHook?: PolicyHook;
}

/**
 * Parses the supergraph (subgraph URLs replaced by the core section's overrides) and builds what
 * depends on it. Throws a SupergraphError for a bad supergraph and a ConfigError for a URL
 * override or header rules naming a subgraph it does not have.
 */
export function buildSupergraphRuntime(
  supergraph: SupergraphSdl,
  config: GatewayConfig,
  deps: SupergraphRuntimeDeps,
): SupergraphRuntime {
  const { log, hooks, metrics } = deps;
  const model = parseWithUrlOverrides(supergraph, config.core.subgraphUrlOverrides);
  checkHeaderRulesSubgraphs(config.security.headerRules, [...model.subgraphs.keys()]);
  const upstream = deps.client
    ? undefined
    : createUpstream({
        subgraphs: [...model.subgraphs.values()],
        settings: config.upstream,
        inflightDeduplication: config.upstream.inflightDeduplication,
        log,
        ...(metrics && { metrics }),
      });
  const planner = new QueryPlanner(new SupergraphIndex(model), {
    cacheSize: config.core.planCacheSize,
    maxPlanningSteps: config.core.maxPlanningSteps,
    onPlan: hooks.onPlan,
    overrideShares: config.core.overrideLabelShares,
  });
  const authorization = requestAuthorization(model, config, deps);
  const execute = requestExecutor({
    planner,
    apiSchema: model.apiSchema,
    client: deps.client ?? (upstream as NonNullable<typeof upstream>).client,
    hooks,
    queryPlanExposure: config.observability.queryPlanExposure,
    headerRules: config.security.headerRules,
    errorsPerFailedCall: config.upstream.errorsPerFailedCall,
    maxRepresentationsPerRequest: config.upstream.maxRepresentationsPerRequest,
    subgraphErrors: config.security.subgraphErrors,
    maxSubgraphRequests: config.security.limits.maxSubgraphRequests,
    ...(authorization && { authorization }),
    authenticator: deps.authenticator,
  });
  return {
    model,
    planner,
    execute,
    breakerStates: () => upstream?.breakerStates() ?? {},
    dispose: async () => upstream?.close(),
  };
}

/**
 * The authorization directives of the supergraph, enforced with the authenticator; undefined
 * when there is nothing to do (no directive, and invalid tokens are not refused).
 */
function requestAuthorization(
  model: SupergraphModel,
  config: GatewayConfig,
  deps: SupergraphRuntimeDeps,
): RequestAuthorization | undefined {
  const { log, authenticator, policyHook } = deps;
  const { auth } = config;
  const rules = readAuthorizationRules(model.schema);
  if (rules.isEmpty && !auth.rejectInvalidToken) return undefined;
  if (!rules.isEmpty && !auth.jwks) {
    log.warn(
      'the supergraph has authorization directives but neither AUTH_JWKS_URL nor AUTH_JWKS_FILE is set: every request is unauthenticated',
    );
  }
  if (rules.usesPolicies && !policyHook) {
    log.warn('the supergraph uses @policy but no AUTH_POLICY_MODULE is set: every policy is denied');
  }
  const authorizer = rules.isEmpty
    ? undefined
    : new OperationAuthorizer(model.apiSchema, rules, {
        rejectUnauthorized: auth.rejectUnauthorized,
        ...(policyHook && { policyHook }),
        onPolicyHookFailure: (error) =>
          log.error({ err: error }, 'the policy hook failed: the policies it was asked are denied'),
      });
  return { authenticator, rejectInvalidToken: auth.rejectInvalidToken, ...(authorizer && { authorizer }) };
}

function parseWithUrlOverrides(
  supergraph: SupergraphSdl,
  overrides: Readonly<Record<string, string>>,
): SupergraphModel {
  const model = parseSupergraph(supergraph.sdl, { source: supergraph.source });
  if (Object.keys(overrides).length === 0) return model;
  // Override keys name subgraphs only loosely (`PRICE_SVC` for `price-svc`): the model says which.
  const subgraphUrls = resolveUrlOverrides(overrides, [...model.subgraphs.keys()]);
  return parseSupergraph(supergraph.sdl, { source: supergraph.source, subgraphUrls });
}
