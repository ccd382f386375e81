import type { Condition } from './normalized-operation.js';

/**
 * A query plan: plain, printable data computed once per operation and cached. The executor walks
 * `node`; a plan without a node (introspection or `__typename` only, or every root field skipped
 * by a constant condition) fetches nothing.
 */
export interface QueryPlan {
  readonly kind: 'QueryPlan';
  readonly node?: PlanNode;
  /**
   * The deferred fragments (`@defer`), in an operation planned for incremental delivery: each
   * runs once the part it sits in has been fetched, reading what that part fetched (keys).
   */
  readonly deferred?: readonly DeferredPart[];
}

/**
 * One deferred fragment at one place in the response: its fetches, and where its data goes.
 * Delivered as one `incremental` entry per object found at `path`.
 */
export interface DeferredPart {
  /** Unique within the plan (1, 2, ...); the primary part is 0. */
  readonly id: number;
  /** The part whose data this one reads and is delivered after (0: the primary part). */
  readonly after: number;
  /** The fragment's `DeferDirective.id` in the operation, whose selections the part's data is shaped by. */
  readonly fragment: number;
  readonly label?: string;
  /** The variable of `if: $variable`: when false, the part is delivered with the part it sits in. */
  readonly ifVariable?: string;
  /** Data path of the objects the fragment applies to, as a Flatten path (`@` per list level, `|[T]` filters). */
  readonly path: readonly string[];
  /** Type of the objects at `path` as planned (when the data does not tell their `__typename`). */
  readonly type: string;
  /** The fragment's type condition: objects of other types get no entry. */
  readonly typeCondition?: string;
  /** Its fetches; absent when the part it sits in fetched everything it needs. */
  readonly node?: PlanNode;
}

/** One step of a plan. */
export type PlanNode = FetchNode | FlattenNode | BatchNode | SequenceNode | ParallelNode | ConditionNode;

/** Runs its nodes one after the other: later ones read data the earlier ones fetched. */
export interface SequenceNode {
  readonly kind: 'Sequence';
  readonly nodes: readonly PlanNode[];
}

/** Runs its nodes concurrently: none depends on another's data. */
export interface ParallelNode {
  readonly kind: 'Parallel';
  readonly nodes: readonly PlanNode[];
}

/**
 * Entity fetches to one subgraph that become ready at the same time: they run concurrently and go
 * out as ONE request, with one aliased `_entities` field per distinct selection (fetches with the
 * same selection share one, their representations merged and deduplicated).
 */
export interface BatchNode {
  readonly kind: 'Batch';
  readonly serviceName: string;
  /** Flatten nodes, each possibly under Condition nodes of its own. */
  readonly nodes: readonly PlanNode[];
}

/**
 * Applies its fetch at every object found at `path` in the data fetched so far: those objects
 * become the representations sent to `_entities`, and the entities returned merge back into them.
 */
export interface FlattenNode {
  readonly kind: 'Flatten';
  /**
   * Data keys from the root: a field's data key, `@` for every element of a list, or `|[A,B]`
   * to keep only objects whose `__typename` is one of the listed types.
   */
  readonly path: readonly string[];
  readonly node: FetchNode;
}

/** Runs `ifClause` when the boolean variable `condition` is true, `elseClause` otherwise. */
export interface ConditionNode {
  readonly kind: 'Condition';
  /** Name of a Boolean variable of the client operation (without `$`). */
  readonly condition: string;
  readonly ifClause?: PlanNode;
  readonly elseClause?: PlanNode;
}

/** One request to one subgraph. */
export interface FetchNode {
  readonly kind: 'Fetch';
  /** Unique within the plan; also the index used in the subgraph operation's name. */
  readonly id: number;
  /** The subgraph to call, as named by `@join__graph(name:)`. */
  readonly serviceName: string;
  readonly operationKind: 'query' | 'mutation';
  /** The subgraph operation, printed once at plan time. */
  readonly operation: string;
  /** Name of the subgraph operation (`<client name>__<subgraph>__<id>`), when the client named its operation. */
  readonly operationName?: string;
  /**
   * Data keys of the client fields the fetch resolves at the top of its selection, by type
   * (the root type, or each entity type): where a failed fetch reports its errors.
   */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Client variables the operation declares and uses, in declaration order; their values are forwarded. */
  readonly variableUsages: readonly string[];
  /**
   * For entity fetches: what to read from each object at the Flatten path to build its
   * representation (`__typename`, key fields, `@requires` fields). Absent for root fetches.
   */
  readonly requires?: readonly RequireSelection[];
  /**
   * Aliases the fetch gives fields only the gateway needs, with their field names: a subgraph
   * error about such a field is reported under the field's name, never the internal alias.
   */
  readonly internalAliases?: Readonly<Record<string, string>>;
  /**
   * Aliases the fetch gives fields that would otherwise conflict in the subgraph's own schema
   * (sibling type conditions whose fields the subgraph declares with different types), with the
   * data key each value is stored under: the executor renames them back before merging.
   */
  readonly restoredKeys?: Readonly<Record<string, string>>;
  /**
   * Fields this fetch returns only for the `@requires` of other fetches: an error about one of
   * them (at `path` + `dataKey`) is reported on the client fields that needed it (`dependents`).
   */
  readonly requirements?: readonly {
    readonly path: readonly string[];
    readonly dataKey: string;
    readonly dependents: readonly string[];
  }[];
  /** Name of the variable holding the representations (`representations` unless a client variable took it). */
  readonly representationsVariable?: string;
  /**
   * For entity fetches: the selection set under `_entities` and the declarations of the client
   * variables it uses, printed, so that several entity fetches can be sent as one operation.
   */
  readonly entitySelection?: string;
  readonly variableDefinitions?: readonly string[];
  /**
   * Arguments the fetch's fields take from an ancestor of each object (`@fromContext`): the
   * executor sends objects whose values differ in separate `_entities` selections, each with
   * the values written in for the variables that stand for them in `operation`.
   */
  readonly contextArguments?: readonly ContextArgumentRead[];
  /**
   * When every selection of the fetch is conditional, with conditions that differ: the fetch is
   * sent only when every condition of at least one set holds (a Condition node cannot say "or").
   */
  readonly includedWhen?: readonly (readonly Condition[])[];
}

/** A field argument whose value each object takes from its nearest ancestor setting a context. */
export interface ContextArgumentRead {
  /** The variable standing for the value in `operation` and `entitySelection` (never declared there). */
  readonly variable: string;
  /** Data path of the ancestor objects, a prefix of the Flatten path (the same path when it is the object itself). */
  readonly ancestorPath: readonly string[];
  /** What to read from the ancestor: one field, under type conditions naming object types only. */
  readonly selection: readonly RequireSelection[];
  /** The argument's input type, for writing the value as a GraphQL literal. */
  readonly type: InputShape;
}

/** How to write a JSON value as a literal of an input type. */
export type InputShape =
  | { readonly kind: 'list'; readonly of: InputShape }
  | { readonly kind: 'enum' }
  | { readonly kind: 'scalar' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, InputShape>> };

/** Selects part of an object to put in a representation. */
export type RequireSelection = RequireField | RequireTypeCondition;

/** Copies one field into the representation under its field name. */
export interface RequireField {
  readonly kind: 'Field';
  /** Field name, and the key it takes in the representation. */
  readonly name: string;
  /** Key under which the gateway stored the field's value in its data (differs when aliased). */
  readonly dataKey: string;
  readonly selections?: readonly RequireSelection[];
}

/**
 * Applies to objects whose `__typename` is `typeCondition` (to every object when absent). At the
 * top of `requires`, also sets the representation's `__typename` to `typename` (an interface name
 * when the target subgraph knows the entity through `@interfaceObject`).
 */
export interface RequireTypeCondition {
  readonly kind: 'InlineFragment';
  readonly typeCondition?: string;
  readonly typename?: string;
  readonly selections: readonly RequireSelection[];
}
