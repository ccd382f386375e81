import type { DocumentNode } from 'graphql';
import { aliasConflictingFields } from './alias-conflicts.js';
import { buildPlanWaves } from './build-plan-waves.js';
import { CostEstimator } from './cost-estimate.js';
import type { FetchGroup } from './fetch-group.js';
import { hoistConditions } from './hoist-conditions.js';
import { type NormalizeOptions, normalizeOperation } from './normalize-operation.js';
import type { NormalizedOperation } from './normalized-operation.js';
import { SelectionPlanner } from './plan-selections.js';
import type { PlanningBudget } from './planning-budget.js';
import { printFetch } from './print-fetch.js';
import type { DeferredPart, FetchNode, QueryPlan } from './query-plan.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** A plan with the normalised operation the executor shapes responses by. */
export interface PlannedOperation {
  readonly plan: QueryPlan;
  readonly operation: NormalizedOperation;
}

/**
 * Plans an operation in passes: normalise (inline fragments, constant conditions) -> route
 * selections to subgraph fetches -> hoist shared conditions -> alias fields that would conflict
 * in a subgraph's own schema -> print subgraph operations -> arrange fetches into waves, one
 * request per subgraph per wave.
 */
export function buildQueryPlan(
  index: SupergraphIndex,
  document: DocumentNode,
  operationName?: string | null,
  options: NormalizeOptions = {},
  budget?: PlanningBudget,
): PlannedOperation {
  const operation = normalizeOperation(document, operationName, index.model.apiSchema, options);
  return { plan: planNormalizedOperation(index, operation, budget), operation };
}

/** The passes after normalisation: the plan of an operation already normalised (or restricted). */
export function planNormalizedOperation(
  index: SupergraphIndex,
  operation: NormalizedOperation,
  budget?: PlanningBudget,
): QueryPlan {
  // A fetch left asking for nothing (its only field can hold no object) is not sent.
  const planner = new SelectionPlanner(index, new CostEstimator(index), operation, budget);
  const groups = planner.planOperation().filter((group) => group.selections.length > 0);
  for (const group of groups) {
    hoistConditions(group);
    aliasConflictingFields(group, index, operation.rootType);
  }
  const fetches = new Map<FetchGroup, FetchNode>(
    groups.map((group) => [group, printFetch(group, operation)]),
  );
  const parts = planner.deferredParts;
  if (parts.length === 0) {
    const node = buildPlanWaves(groups, fetches, operation.kind);
    return { kind: 'QueryPlan', ...(node && { node }) };
  }
  // Each part's fetches are arranged on their own: the earlier parts' data is there when they run.
  const nodeOf = (part: number) =>
    buildPlanWaves(
      groups.filter((group) => group.part === part),
      fetches,
      operation.kind,
    );
  const node = nodeOf(0);
  const deferred = parts.map((part): DeferredPart => {
    const partNode = nodeOf(part.id);
    return partNode ? { ...part, node: partNode } : part;
  });
  return { kind: 'QueryPlan', ...(node && { node }), deferred };
}
