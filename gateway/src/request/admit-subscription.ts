import type { GraphQLSchema } from 'graphql';
import { SUBSCRIPTION_TRANSPORT_REQUIRED } from '../errors.js';
import { executeQueryPlan } from '../executor/execute-query-plan.js';
import { type ExecutionHooks, forwardedVariables } from '../executor/execution-state.js';
import type { PlannedOperation } from '../planner/build-query-plan.js';
import type { FetchNode, PlanNode } from '../planner/query-plan.js';
import type { TokenAuthenticator } from '../security/authorization/token-authenticator.js';
import { buildSubgraphHeaders, type HeaderRules } from '../security/header-rules.js';
import {
  EXPOSE_SUBGRAPH_ERRORS,
  exposeSubgraphErrors,
  exposeSubscriptionEndErrors,
  type SubgraphErrorExposure,
} from '../security/subgraph-error-exposure.js';
import type { SubgraphClient, SubgraphRequest, SubgraphResponse } from '../upstream/subgraph-client.js';
import type { EventScope } from './admitted-subscription.js';
import { forwardClientHeaders } from './forward-client-headers.js';
import type { OperationRequest, OperationResult } from './request-executor.js';

/** What admitting a subscription needs from the request executor. */
export interface SubscriptionAdmission {
  readonly client: SubgraphClient;
  readonly rules: HeaderRules;
  readonly apiSchema: GraphQLSchema;
  readonly hooks?: ExecutionHooks;
  readonly errorsPerFailedCall?: number;
  readonly authenticator?: TokenAuthenticator;
  /** How much of subgraph errors each event's result shows; everything when absent. */
  readonly subgraphErrors?: SubgraphErrorExposure;
}

/**
 * Hands a planned subscription to the transport that will stream it. The plan's root fetch is the
 * subscription the owning subgraph is asked for; every event of it then runs the whole plan with
 * that fetch answered by the event, so the rest of the selection is fetched from the other
 * subgraphs (batched, under the event's deadline, failures as partial errors) as for a query.
 * A transport that cannot stream gets SUBSCRIPTION_TRANSPORT_REQUIRED (400).
 */
export async function admitSubscription(
  planned: PlannedOperation,
  request: OperationRequest,
  admission: SubscriptionAdmission,
): Promise<OperationResult> {
  const { context } = request;
  if (!context.subscriptions) {
    return {
      errors: [
        SUBSCRIPTION_TRANSPORT_REQUIRED.err(
          'Subscriptions are not served over a plain request: subscribe over WebSocket with the graphql-ws protocol (graphql-transport-ws) at this path, or over HTTP with `Accept: multipart/mixed;subscriptionSpec="1.0"`.',
          { extensions: { http: { status: 400 } } },
        ),
      ],
    };
  }
  const root = rootFetchOf(planned.plan.node);
  // Validation lets only one root field through, and a root field is always planned to its owner;
  // a root field skipped by @skip/@include leaves nothing to subscribe to.
  if (!root) return { data: null };
  const upstream: SubgraphRequest = {
    query: root.operation,
    variables: forwardedVariables(root.variableUsages, request.variables),
    ...(root.operationName && { operationName: root.operationName }),
  };
  const clientHeaders = context.headers;
  const expiresAt = await tokenExpiry(admission.authenticator, clientHeaders);
  context.subscriptions.accept({
    subgraph: root.serviceName,
    request: upstream,
    headers: buildSubgraphHeaders(admission.rules, root.serviceName, clientHeaders, {}),
    ...(expiresAt !== undefined && { expiresAt }),
    exposeEndErrors: (errors, requestId) =>
      exposeSubscriptionEndErrors(
        errors,
        root.serviceName,
        admission.subgraphErrors ?? EXPOSE_SUBGRAPH_ERRORS,
        {
          requestId,
          log: context.log,
        },
      ),
    resolve: async (event: SubgraphResponse, scope: EventScope): Promise<OperationResult> => {
      const forwarding = forwardClientHeaders(admission.client, admission.rules, clientHeaders);
      const client: SubgraphClient = {
        call: (subgraph, call, callContext) =>
          subgraph === root.serviceName && call.query === root.operation
            ? Promise.resolve(event)
            : forwarding.call(subgraph, call, callContext),
      };
      const outcome = await executeQueryPlan({
        plan: planned.plan,
        operation: planned.operation,
        variables: request.variables,
        apiSchema: admission.apiSchema,
        client,
        context: scope,
        ...(admission.hooks && { hooks: admission.hooks }),
        ...(admission.errorsPerFailedCall !== undefined && {
          errorsPerFailedCall: admission.errorsPerFailedCall,
        }),
      });
      return {
        ...('data' in outcome && { data: outcome.data }),
        ...(outcome.errors && {
          errors: exposeSubgraphErrors(outcome.errors, admission.subgraphErrors ?? EXPOSE_SUBGRAPH_ERRORS, {
            requestId: scope.requestId,
            log: context.log,
          }),
        }),
      };
    },
  });
  return { data: null };
}

/** The fetch of the subscription root field: the plan's one fetch that is not under a Flatten. */
function rootFetchOf(node: PlanNode | undefined): FetchNode | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'Fetch':
      return node;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) {
        const found = rootFetchOf(child);
        if (found) return found;
      }
      return undefined;
    case 'Condition':
      return rootFetchOf(node.ifClause) ?? rootFetchOf(node.elseClause);
    default:
      return undefined;
  }
}

/** The `exp` of a valid token the request carries (epoch ms); undefined without one. */
async function tokenExpiry(
  authenticator: TokenAuthenticator | undefined,
  headers: OperationRequest['context']['headers'],
): Promise<number | undefined> {
  if (!authenticator) return undefined;
  const authentication = await authenticator.authenticate(headers);
  if (authentication.kind !== 'authenticated') return undefined;
  const exp = authentication.claims.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
