import { createHash } from 'node:crypto';
import { type DocumentNode, print } from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildQueryPlan, type PlannedOperation, planNormalizedOperation } from './build-query-plan.js';
import type { NormalizedOperation } from './normalized-operation.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** What planning reports to instrumentation. */
export interface PlanInfo {
  /** True when the plan came from the cache. */
  readonly cacheHit: boolean;
}

/**
 * A restricted form of an operation, planned and cached beside the operation itself: e.g. the
 * operation without the fields one client may not see.
 */
export interface OperationVariant {
  /**
   * Tells this variant from the operation's other variants: with the operation's own key, the
   * variant's cache key. Two requests whose variants share a key must get the same restriction.
   */
  readonly key: string;
  /** The operation to plan, and the operation whose shape the response takes. */
  restrict(operation: NormalizedOperation): { planned: NormalizedOperation; shaped: NormalizedOperation };
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
   * With a `variant`, the plan of that restriction of the operation, cached under its own key.
   */
  plan(
    document: DocumentNode,
    operationName?: string | null,
    queryHash?: string,
    variant?: OperationVariant,
  ): PlannedOperation {
    const operationKey = `${queryHash ?? sha256(print(document))}\u0000${operationName ?? ''}`;
    const planOperation = () => buildQueryPlan(this.index, document, operationName);
    if (!variant) return this.cached(operationKey, planOperation);
    return this.cached(`${operationKey}\u0000${variant.key}`, () => {
      // The unrestricted entry is reused (or kept) for the operation's normal form only.
      let whole = this.cache.get(operationKey);
      if (!whole) {
        whole = planOperation();
        this.cache.set(operationKey, whole);
      }
      const { planned, shaped } = variant.restrict(whole.operation);
      return { plan: planNormalizedOperation(this.index, planned), operation: shaped };
    });
  }

  private cached(key: string, build: () => PlannedOperation): PlannedOperation {
    const cached = this.cache.get(key);
    if (cached) {
      this.options.onPlan?.({ cacheHit: true });
      return cached;
    }
    const planned = build();
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
