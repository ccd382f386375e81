import type { GraphQLError } from 'graphql';
import { TOO_MANY_SUBGRAPH_REQUESTS } from '../errors.js';
import type { PlanNode, QueryPlan } from '../planner/query-plan.js';

/**
 * The most subgraph requests a plan can send: one per fetch and one per batch (its entity fetches
 * go out as one request), both branches of every condition counted, as either may run, and the
 * fetches of its deferred parts.
 */
export function plannedSubgraphRequests(plan: QueryPlan): number {
  const deferred = (plan.deferred ?? []).reduce(
    (total, part) => total + (part.node ? requestsOf(part.node) : 0),
    0,
  );
  return (plan.node ? requestsOf(plan.node) : 0) + deferred;
}

function requestsOf(node: PlanNode): number {
  switch (node.kind) {
    case 'Fetch':
    case 'Batch':
      return 1;
    case 'Flatten':
      return requestsOf(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((total, child) => total + requestsOf(child), 0);
    case 'Condition':
      return (
        (node.ifClause ? requestsOf(node.ifClause) : 0) + (node.elseClause ? requestsOf(node.elseClause) : 0)
      );
    default: {
      const unknown: never = node;
      throw new Error(`Unknown plan node ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * TOO_MANY_SUBGRAPH_REQUESTS (HTTP 400, with `extensions.limit` and `measured`) when the plan can
 * send more than `max` subgraph requests, so that one client request cannot fill a subgraph's
 * bulkhead for everyone; undefined when it is within the limit.
 */
export function subgraphRequestsRefusal(plan: QueryPlan, max: number): GraphQLError | undefined {
  const measured = plannedSubgraphRequests(plan);
  if (measured <= max) return undefined;
  return TOO_MANY_SUBGRAPH_REQUESTS.err(
    `The operation would send ${measured} requests to subgraphs; at most ${max} are allowed per request.`,
    { extensions: { limit: max, measured, http: { status: 400 } } },
  );
}
