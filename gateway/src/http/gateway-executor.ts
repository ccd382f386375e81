import { GraphQLError, type GraphQLSchema } from 'graphql';
import { INTERNAL_SERVER_ERROR } from '../errors.js';
import { executeQueryPlan } from '../executor/execute-query-plan.js';
import type { ExecutionHooks } from '../executor/execution-state.js';
import { traced } from '../observability/traced.js';
import type { PlannedOperation } from '../planner/build-query-plan.js';
import { PlanningError } from '../planner/planning-error.js';
import { printQueryPlan } from '../planner/print-query-plan.js';
import type { QueryPlanner } from '../planner/query-planner.js';
import { type HeaderRules, noHeaderRules } from '../security/header-rules.js';
import type { SubgraphClient } from '../upstream/subgraph-client.js';
import { forwardClientHeaders } from './forward-client-headers.js';
import type { GatewayContext } from './gateway-context.js';
import type {
  ApolloGatewayExecutor,
  ApolloGatewayRequestContext,
  ApolloGatewayResult,
} from './gateway-interface.js';

/** What the executor Apollo Server calls needs. */
export interface GatewayExecutorOptions {
  readonly planner: QueryPlanner;
  readonly apiSchema: GraphQLSchema;
  readonly client: SubgraphClient;
  readonly hooks?: ExecutionHooks;
  /** Adds the plan to `extensions.queryPlan` (and its printed form to `extensions.queryPlanText`). */
  readonly exposeQueryPlan?: boolean;
  /** Which client headers each subgraph receives; none without rules. */
  readonly headerRules?: HeaderRules;
}

/** The executor Apollo Server calls for each validated request: plan (cached, in a `plan` span), then execute. */
export function gatewayExecutor(options: GatewayExecutorOptions): ApolloGatewayExecutor {
  const rules = options.headerRules ?? noHeaderRules;
  const forwardsHeaders = rules !== noHeaderRules;
  return async (requestContext: ApolloGatewayRequestContext): Promise<ApolloGatewayResult> => {
    const context = requestContext.context as unknown as GatewayContext;
    const operationName = requestContext.request.operationName ?? null;
    let planned: PlannedOperation;
    try {
      planned = traced('plan', { attributes: { 'graphql.operation.name': operationName ?? '' } }, () =>
        options.planner.plan(requestContext.document, operationName, requestContext.queryHash),
      );
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof PlanningError) {
        context.log?.error({ err: error }, 'query planning failed');
        return { errors: [INTERNAL_SERVER_ERROR.err(error.message)] };
      }
      throw error;
    }
    const outcome = await executeQueryPlan({
      plan: planned.plan,
      operation: planned.operation,
      variables: requestContext.request.variables ?? {},
      apiSchema: options.apiSchema,
      client: forwardsHeaders ? forwardClientHeaders(options.client, rules, context.headers) : options.client,
      context: {
        signal: context.signal,
        deadline: context.deadline,
        requestId: context.requestId,
        ...(context.traceparent && { traceparent: context.traceparent }),
      },
      ...(options.hooks && { hooks: options.hooks }),
    });
    const result: ApolloGatewayResult = {
      ...('data' in outcome && { data: outcome.data }),
      ...(outcome.errors && { errors: outcome.errors }),
    };
    if (options.exposeQueryPlan) {
      result.extensions = { queryPlan: planned.plan, queryPlanText: printQueryPlan(planned.plan) };
    }
    return result;
  };
}
