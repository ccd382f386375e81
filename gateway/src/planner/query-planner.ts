import { createHash } from 'node:crypto';
import { type DefinitionNode, type DocumentNode, GraphQLError, Kind, print } from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildQueryPlan, type PlannedOperation, planNormalizedOperation } from './build-query-plan.js';
import type { NormalizedOperation } from './normalized-operation.js';
import { OverrideLabelDraw } from './override-labels.js';
import { PlanningBudget } from './planning-budget.js';
import { PlanningError } from './planning-error.js';
import { SupergraphIndex } from './supergraph-index.js';

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

/** The progressive-override labels one request plans with, drawn once per request. */
export interface LabelDraw {
  readonly enabled: readonly string[];
  /** The labels as one cache key segment. */
  readonly key: string;
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
  /** Most planner steps (fields routed) for one operation; unbounded when absent. */
  readonly maxPlanningSteps?: number;
}

const NO_LABELS: LabelDraw = Object.freeze({ enabled: [], key: '' });

/**
 * Plans operations against one supergraph, caching plans by the document's normal form (so that
 * whitespace, comments and the order of fragments do not make a new plan), operation name, the
 * progressive-override labels drawn for the request (one request's draw never decides another's
 * plan) and, for a restricted variant of an operation, the variant's key. Each plan made is held
 * to the planning budget.
 */
export class QueryPlanner {
  private readonly cache: LRUCache<string, PlannedOperation>;
  private readonly draw: OverrideLabelDraw;
  /** Indexes by the labels enabled: few combinations are drawn in practice, and a few dozen kept. */
  private readonly indexes = new LRUCache<string, SupergraphIndex>({ max: 64 });
  /** The normal-form key of each document text seen lately, so a repeated text is not printed again. */
  private readonly documentKeys: LRUCache<string, string>;

  constructor(
    private readonly index: SupergraphIndex,
    private readonly options: QueryPlannerOptions,
  ) {
    this.cache = new LRUCache({ max: Math.max(1, options.cacheSize) });
    this.documentKeys = new LRUCache({ max: Math.max(1, options.cacheSize) });
    this.draw = new OverrideLabelDraw(index.model.overrideLabels, options.overrideShares, options.random);
  }

  /** The progressive-override labels a request plans with: draw once per request, pass to every `plan`. */
  drawLabels(): LabelDraw {
    if (this.draw.isEmpty) return NO_LABELS;
    const enabled = this.draw.draw();
    return { enabled, key: enabled.join('\u0001') };
  }

  /**
   * The plan of the named operation of a (validated) document. `queryHash` identifies the
   * document's text (Apollo Server's sha256 of it): it only saves working out the normal form again.
   * Throws a GraphQLError for an unknown operation name and a PlanningError when no plan exists.
   * With a `variant`, the plan of that restriction of the operation, cached under its own key.
   * `incremental` plans `@defer` fragments as deferred parts (cached apart from the plan that
   * ignores them, which a client without incremental delivery gets).
   */
  plan(
    document: DocumentNode,
    operationName?: string | null,
    queryHash?: string,
    variant?: OperationVariant,
    labels: LabelDraw = this.drawLabels(),
    incremental = false,
  ): PlannedOperation {
    const plainKey = `${this.documentKey(document, queryHash)}\u0000${operationName ?? ''}\u0000${labels.key}`;
    const operationKey = incremental ? `${plainKey}\u0000incremental` : plainKey;
    const index = this.indexFor(labels);
    const planOperation = () =>
      planning(() =>
        buildQueryPlan(index, document, operationName, incremental ? { incremental } : {}, this.newBudget()),
      );
    if (!variant) return this.cached(operationKey, planOperation);
    return this.cached(`${operationKey}\u0000${variant.key}`, () => {
      // The unrestricted entry is reused (or kept) for the operation's normal form only.
      let whole = this.cache.get(operationKey);
      if (!whole) {
        whole = planOperation();
        this.cache.set(operationKey, whole);
      }
      const { planned, shaped } = variant.restrict(whole.operation);
      return {
        plan: planning(() => planNormalizedOperation(index, planned, this.newBudget())),
        operation: shaped,
      };
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

  /** The cache key of a document's normal form, remembered by its text's hash when there is one. */
  private documentKey(document: DocumentNode, queryHash: string | undefined): string {
    if (queryHash === undefined) return normalFormKey(document);
    let key = this.documentKeys.get(queryHash);
    if (key === undefined) {
      key = normalFormKey(document);
      this.documentKeys.set(queryHash, key);
    }
    return key;
  }

  private newBudget(): PlanningBudget | undefined {
    const max = this.options.maxPlanningSteps;
    return max === undefined ? undefined : new PlanningBudget(max);
  }

  /** The index that plans with these labels enabled (one per combination drawn). */
  private indexFor(labels: LabelDraw): SupergraphIndex {
    if (labels.enabled.length === 0) return this.index;
    let index = this.indexes.get(labels.key);
    if (!index) {
      index = new SupergraphIndex(this.index.model, new Set(labels.enabled));
      this.indexes.set(labels.key, index);
    }
    return index;
  }

  /** Number of plans currently cached. */
  get cachedPlans(): number {
    return this.cache.size;
  }
}

/** Runs a planner pass; a fault in it is still a planning failure (the client learns that, the log the cause). */
function planning<T>(pass: () => T): T {
  try {
    return pass();
  } catch (error) {
    if (error instanceof GraphQLError || error instanceof PlanningError) throw error;
    throw new PlanningError('The gateway could not plan this operation.', [], { cause: error });
  }
}

/**
 * A hash of the document's normal form: printed (no comments, canonical whitespace), operations in
 * their order, fragments by name. Texts that differ only in those ways plan alike.
 */
export function normalFormKey(document: DocumentNode): string {
  const operations = document.definitions.filter(
    (definition) => definition.kind !== Kind.FRAGMENT_DEFINITION,
  );
  const fragments = document.definitions
    .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
    .sort((a, b) => byCodeUnits(fragmentName(a), fragmentName(b)));
  return sha256(print({ ...document, definitions: [...operations, ...fragments] }));
}

/** Plain code-unit order: the same in every locale, and no ICU collation data paged in. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fragmentName(definition: DefinitionNode): string {
  return definition.kind === Kind.FRAGMENT_DEFINITION ? definition.name.value : '';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
