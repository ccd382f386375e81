import type { DocumentNode } from 'graphql';
import { buildPlanWaves } from './build-plan-waves.js';
import { CostEstimator } from './cost-estimate.js';
import type { FetchGroup } from './fetch-group.js';
import { hoistConditions } from './hoist-conditions.js';
import { normalizeOperation } from './normalize-operation.js';
import type { NormalizedOperation } from './normalized-operation.js';
import { SelectionPlanner } from './plan-selections.js';
import { printFetch } from './print-fetch.js';
import type { FetchNode, QueryPlan } from './query-plan.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** A plan with the normalised operation the executor shapes responses by. */
export interface PlannedOperation {
  readonly plan: QueryPlan;
  readonly operation: NormalizedOperation;
}

/**
 * Plans an operation in passes: normalise (inline fragments, constant conditions) -> route
 * selections to subgraph fetches -> hoist shared conditions -> print subgraph operations ->
 * arrange fetches into waves, one request per subgraph per wave.
 */
export function buildQueryPlan(
  index: SupergraphIndex,
  document: DocumentNode,
  operationName?: string | null,
): PlannedOperation {
  const operation = normalizeOperation(document, operationName, index.model.apiSchema);
  return { plan: planNormalizedOperation(index, operation), operation };
}

/** The passes after normalisation: the plan of an operation already normalised (or restricted). */
export function planNormalizedOperation(index: SupergraphIndex, operation: NormalizedOperation): QueryPlan {
  const groups = new SelectionPlanner(index, new CostEstimator(index), operation).planOperation();
  for (const group of groups) hoistConditions(group);
  const fetches = new Map<FetchGroup, FetchNode>(
    groups.map((group) => [group, printFetch(group, operation)]),
  );
  const node = buildPlanWaves(groups, fetches, operation.kind);
  return { kind: 'QueryPlan', ...(node && { node }) };
}
