import { createHash } from 'node:crypto';
import { type DocumentNode, GraphQLError, print } from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildQueryPlan, type PlannedOperation } from './build-query-plan.js';
import { PlanningError } from './planning-error.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** What planning reports to instrumentation. */
export interface PlanInfo {
  /** True when the plan came from the cache. */
  readonly cacheHit: boolean;
}

/** Settings of a QueryPlanner. */
export interface QueryPlannerOptions {
  /** Most plans kept (least recently used evicted). */
  readonly cacheSize: number;
  readonly onPlan?: (info: PlanInfo) => void;
}

/** Plans operations against one supergraph, caching plans by operation text hash and operation name. */
export class QueryPlanner {
  private readonly cache: LRUCache<string, PlannedOperation>;

  constructor(
    private readonly index: SupergraphIndex,
    private readonly options: QueryPlannerOptions,
  ) {
    this.cache = new LRUCache({ max: Math.max(1, options.cacheSize) });
  }

  /**
   * The plan of the named operation of a (validated) document. `queryHash` identifies the
   * document's text (Apollo Server's sha256 of it); without it the printed document is hashed.
   * Throws a GraphQLError for an unknown operation name and a PlanningError when no plan exists.
   */
  plan(document: DocumentNode, operationName?: string | null, queryHash?: string): PlannedOperation {
    const key = `${queryHash ?? sha256(print(document))}\u0000${operationName ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.options.onPlan?.({ cacheHit: true });
      return cached;
    }
    let planned: PlannedOperation;
    try {
      planned = buildQueryPlan(this.index, document, operationName);
    } catch (error) {
      if (error instanceof GraphQLError || error instanceof PlanningError) throw error;
      // A planner fault is still a planning failure: the client learns that, the log the cause.
      throw new PlanningError('The gateway could not plan this operation.', [], { cause: error });
    }
    this.cache.set(key, planned);
    this.options.onPlan?.({ cacheHit: false });
    return planned;
  }

  /** Number of plans currently cached. */
  get cachedPlans(): number {
    return this.cache.size;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
