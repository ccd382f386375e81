import { createHash } from 'node:crypto';
import { type DocumentNode, GraphQLError, print } from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildQueryPlan, type PlannedOperation } from './build-query-plan.js';
import { OverrideLabelDraw } from './override-labels.js';
import { PlanningError } from './planning-error.js';
import { SupergraphIndex } from './supergraph-index.js';

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
  /** Share (percent) of requests enabling each progressive override label, where it is not the N of `percent(N)`. */
  readonly overrideShares?: Readonly<Record<string, number>>;
  /** Source of the override draws, in [0, 1): `Math.random` unless a test fixes it. */
  readonly random?: () => number;
}

/**
 * Plans operations against one supergraph, caching plans by operation text hash, operation name
 * and, where the supergraph has progressive overrides, the labels drawn for the request: one
 * request's draw never decides another's plan.
 */
export class QueryPlanner {
  private readonly cache: LRUCache<string, PlannedOperation>;
  private readonly draw: OverrideLabelDraw;
  /** Indexes by the labels enabled: few combinations are drawn in practice, and a few dozen kept. */
  private readonly indexes = new LRUCache<string, SupergraphIndex>({ max: 64 });

  constructor(
    private readonly index: SupergraphIndex,
    private readonly options: QueryPlannerOptions,
  ) {
    this.cache = new LRUCache({ max: Math.max(1, options.cacheSize) });
    this.draw = new OverrideLabelDraw(index.model.overrideLabels, options.overrideShares, options.random);
  }

  /**
   * The plan of the named operation of a (validated) document. `queryHash` identifies the
   * document's text (Apollo Server's sha256 of it); without it the printed document is hashed.
   * Throws a GraphQLError for an unknown operation name and a PlanningError when no plan exists.
   */
  plan(document: DocumentNode, operationName?: string | null, queryHash?: string): PlannedOperation {
    const enabled = this.draw.isEmpty ? [] : this.draw.draw();
    const labels = enabled.join('\u0001');
    const key = `${queryHash ?? sha256(print(document))}\u0000${operationName ?? ''}\u0000${labels}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.options.onPlan?.({ cacheHit: true });
      return cached;
    }
    let planned: PlannedOperation;
    try {
      planned = buildQueryPlan(this.indexFor(labels, enabled), document, operationName);
    } catch (error) {
      if (error instanceof GraphQLError || error instanceof PlanningError) throw error;
      // A planner fault is still a planning failure: the client learns that, the log the cause.
      throw new PlanningError('The gateway could not plan this operation.', [], { cause: error });
    }
    this.cache.set(key, planned);
    this.options.onPlan?.({ cacheHit: false });
    return planned;
  }

  /** The index that plans with these labels enabled (one per combination drawn). */
  private indexFor(key: string, enabled: readonly string[]): SupergraphIndex {
    if (enabled.length === 0) return this.index;
    let index = this.indexes.get(key);
    if (!index) {
      index = new SupergraphIndex(this.index.model, new Set(enabled));
      this.indexes.set(key, index);
    }
    return index;
  }

  /** Number of plans currently cached. */
  get cachedPlans(): number {
    return this.cache.size;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
