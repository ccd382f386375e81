import { type DocumentNode, GraphQLError, type GraphQLSchema, getOperationAST } from 'graphql';
import { executeIncrementally, type SubsequentPayload } from '../executor/execute-incrementally.js';
import { type ExecuteQueryPlanOptions, executeQueryPlan } from '../executor/execute-query-plan.js';
import type { ExecutionHooks } from '../executor/execution-state.js';
import type { DataObject } from '../executor/merge-data.js';
import { countSubgraphRequests } from '../observability/access-log.js';
import { traced } from '../observability/traced.js';
import type { PlannedOperation } from '../planner/build-query-plan.js';
import { PlanningBudgetExceeded } from '../planner/planning-budget.js';
import { PlanningError } from '../planner/planning-error.js';
import type { OperationVariant, QueryPlanner } from '../planner/query-planner.js';
import type { TokenAuthenticator } from '../security/authorization/token-authenticator.js';
import { type HeaderRules, noHeaderRules } from '../security/header-rules.js';
import {
  EXPOSE_SUBGRAPH_ERRORS,
  exposeSubgraphErrors,
  type SubgraphErrorExposure,
} from '../security/subgraph-error-exposure.js';
import { subgraphRequestsRefusal } from '../security/subgraph-request-limit.js';
import { LightSignal } from '../upstream/light-signal.js';
import type { SubgraphClient } from '../upstream/subgraph-client.js';
import { admitSubscription } from './admit-subscription.js';
import { claimAnswer } from './answer-bytes.js';
import { forwardClientHeaders } from './forward-client-headers.js';
import { planAskFrom, planExtensions, type QueryPlanExposure } from './query-plan-exposure.js';
import { authorizeOperation, type RequestAuthorization } from './request-authorization.js';
import type { RequestContext } from './request-context.js';

/** One parsed and validated operation of an admitted request. */
export interface OperationRequest {
  readonly document: DocumentNode;
  readonly operationName: string | null;
  /** Variables as the client sent them. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Hash of the operation text: the plan cache key, with the operation name. */
  readonly queryHash: string;
  readonly context: RequestContext;
}

/** The response to one operation: partial data and errors, the plan in `extensions` when exposed. */
export interface OperationResult {
  data?: DataObject | null;
  errors?: readonly GraphQLError[];
  extensions?: Record<string, unknown>;
}

/** Plans, then executes, one operation. */
export type RequestExecutor = (request: OperationRequest) => Promise<OperationResult>;

/** What plan-then-execute needs. */
export interface RequestExecutorOptions {
  readonly planner: QueryPlanner;
  readonly apiSchema: GraphQLSchema;
  readonly client: SubgraphClient;
  readonly hooks?: ExecutionHooks;
  /** When responses carry their plan (Apollo's plan headers, or always); `never` by default. */
  readonly queryPlanExposure?: QueryPlanExposure;
  /** Which client headers each subgraph receives; none without rules. */
  readonly headerRules?: HeaderRules;
  /** Errors reported per failed subgraph call before the rest fold into one. */
  readonly errorsPerFailedCall?: number;
  /** Most representations one subgraph request carries; larger batches are split. */
  readonly maxRepresentationsPerRequest?: number;
  /** Token verification and `@authenticated`/`@requiresScopes`/`@policy`; none enforced without it. */
  readonly authorization?: RequestAuthorization;
  /** Reads the expiry of a subscription's token, so the subscription ends when the token does. */
  readonly authenticator?: TokenAuthenticator;
  /** How much of subgraph errors and failed calls clients see; everything by default. */
  readonly subgraphErrors?: SubgraphErrorExposure;
  /** Most subgraph requests one operation's plan may send; unbounded when absent. */
  readonly maxSubgraphRequests?: number;
}

/**
 * Plan-then-execute for each admitted operation: the plan comes from the planner's cache (or is
 * built in a `plan` span); fields the request may not see are planned out of a variant of the
 * operation without them; then the executor runs it under the request's signal and deadline,
 * each subgraph call carrying the client headers the rules allow for that subgraph.
 */
export function requestExecutor(options: RequestExecutorOptions): RequestExecutor {
  const rules = options.headerRules ?? noHeaderRules;
  const forwardsHeaders = rules !== noHeaderRules;
  const exposure = options.queryPlanExposure ?? 'never';
  const subgraphErrors = options.subgraphErrors ?? EXPOSE_SUBGRAPH_ERRORS;
  return async (request: OperationRequest): Promise<OperationResult> => {
    const { context, operationName } = request;
    // The operation's own name when the client named none (a document of one named operation).
    const spanOperationName = getOperationAST(request.document, operationName)?.name?.value ?? '';
    const planAsk = planAskFrom(context.headers, exposure);
    const labels = options.planner.drawLabels();
    // `@defer` is planned only for a client that reads incremental delivery; others get it all at once.
    const incremental = context.incremental !== undefined;
    const plan = (variant?: OperationVariant): PlannedOperation | OperationResult => {
      try {
        return traced('plan', { attributes: { 'graphql.operation.name': spanOperationName } }, () =>
          options.planner.plan(
            request.document,
            operationName,
            request.queryHash,
            variant,
            labels,
            incremental,
          ),
        );
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        if (error instanceof PlanningBudgetExceeded) {
          context.log?.warn({ queryHash: request.queryHash, operationName }, error.message);
          return { errors: [error.toGraphQLError()] };
        }
        if (error instanceof PlanningError) {
          context.log?.error(
            { err: error, queryHash: request.queryHash, operationName, fieldPath: error.fieldPath },
            'query planning failed',
          );
          return { errors: [error.toGraphQLError()] };
        }
        throw error;
      }
    };
    let planned = plan();
    if (!isPlanned(planned)) return planned;
    if (options.authorization) {
      const authorized = await authorizeOperation(options.authorization, planned.operation, context);
      if (authorized.kind === 'refused') return { errors: authorized.errors };
      if (authorized.kind === 'restricted') {
        planned = plan(authorized.variant);
        if (!isPlanned(planned)) return planned;
      }
    }
    if (options.maxSubgraphRequests !== undefined) {
      const refusal = subgraphRequestsRefusal(planned.plan, options.maxSubgraphRequests);
      if (refusal) return { errors: [refusal] };
    }
    const extensions = planExtensions(planned.plan, planAsk, exposure);
    // A dry run (Apollo Router's `Apollo-Expose-Query-Plan: dry-run`) plans and stops there.
    if (planAsk.expose === 'dry-run') return { ...(extensions && { extensions }) };
    if (planned.operation.kind === 'subscription') {
      return admitSubscription(planned, request, {
        client: options.client,
        rules,
        apiSchema: options.apiSchema,
        ...(options.hooks && { hooks: options.hooks }),
        ...(options.errorsPerFailedCall !== undefined && {
          errorsPerFailedCall: options.errorsPerFailedCall,
        }),
        ...(options.authenticator && { authenticator: options.authenticator }),
        subgraphErrors,
      });
    }
    const execution: ExecuteQueryPlanOptions = {
      plan: planned.plan,
      operation: planned.operation,
      variables: request.variables,
      apiSchema: options.apiSchema,
      client: forwardsHeaders ? forwardClientHeaders(options.client, rules, context.headers) : options.client,
      context: {
        signal: LightSignal.following(context.signal),
        deadline: context.deadline,
        requestId: context.requestId,
        ...(context.traceparent && { traceparent: context.traceparent }),
      },
      hooks: countSubgraphRequests(context.record, options.hooks),
      ...(options.errorsPerFailedCall !== undefined && { errorsPerFailedCall: options.errorsPerFailedCall }),
      ...(options.maxRepresentationsPerRequest !== undefined && {
        maxRepresentationsPerRequest: options.maxRepresentationsPerRequest,
      }),
    };
    // Every answer of the request (first, deferred, subscription event) shows subgraph errors alike.
    const expose: ErrorExposure = (errors) =>
      exposeSubgraphErrors(errors, subgraphErrors, { requestId: context.requestId, log: context.log });
    let outcome: Awaited<ReturnType<typeof executeQueryPlan>>;
    if (planned.plan.deferred && context.incremental) {
      const incrementalOutcome = await executeIncrementally(execution);
      outcome = incrementalOutcome.initial;
      if (incrementalOutcome.subsequent) {
        context.incremental.subsequent = exposedPayloads(incrementalOutcome.subsequent, expose);
      }
    } else {
      outcome = await executeQueryPlan(execution);
      if (context.answer) claimAnswer(outcome.data, context.answer);
    }
    const result: OperationResult = {
      ...('data' in outcome && { data: outcome.data }),
      ...(outcome.errors && { errors: expose(outcome.errors) }),
    };
    if (extensions) result.extensions = extensions;
    return result;
  };
}

type ErrorExposure = (errors: readonly GraphQLError[]) => GraphQLError[];

/** The deferred payloads of `payloads`, their errors as the client may see them. */
async function* exposedPayloads(
  payloads: AsyncGenerator<SubsequentPayload, void, undefined>,
  expose: ErrorExposure,
): AsyncGenerator<SubsequentPayload, void, undefined> {
  // A consumer's `return()` (the client went away) leaves the loop, which ends the executor's stream too.
  for await (const payload of payloads) {
    yield {
      hasNext: payload.hasNext,
      incremental: payload.incremental.map((result) =>
        result.errors ? { ...result, errors: expose(result.errors) } : result,
      ),
    };
  }
}

function isPlanned(outcome: PlannedOperation | OperationResult): outcome is PlannedOperation {
  return 'plan' in outcome;
}
