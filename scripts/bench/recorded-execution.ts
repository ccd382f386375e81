import type { GraphQLSchema } from 'graphql';
import type { ExecuteQueryPlanOptions } from '../../gateway/src/executor/execute-query-plan.js';
import type { PlannedOperation } from '../../gateway/src/planner/build-query-plan.js';
import type { SubgraphClient } from '../../gateway/src/upstream/subgraph-client.js';

/**
 * What `--executor` executes: a planned operation without variables over `client`, never aborted.
 * Types only, so that the counted child loads no executor but the checkout's it counts.
 */
export function recordedExecution(
  planned: Pick<PlannedOperation, 'plan' | 'operation'>,
  apiSchema: GraphQLSchema,
  client: SubgraphClient,
): ExecuteQueryPlanOptions {
  return {
    plan: planned.plan,
    operation: planned.operation,
    variables: {},
    apiSchema,
    client,
    context: { signal: new AbortController().signal },
  };
}
