import { type DirectiveNode, print, type SelectionSetNode } from 'graphql';
import type { FetchGroup } from './fetch-group.js';
import type { NormalizedField, NormalizedSelection } from './normalized-operation.js';
import type { SubgraphSelection } from './subgraph-selection.js';

/** Where the traversal stands: one object of the response, as seen by the fetch that returns it. */
export interface Position {
  /** Object type of the object (an interface only where a subgraph knows it as an `@interfaceObject`). */
  readonly type: string;
  /** Data path from the root: data keys, `@` per list level, `|[T]` after an abstract type was narrowed. */
  readonly path: readonly string[];
  readonly group: FetchGroup;
  /** The selection list of `group` that holds this object's fields. */
  readonly target: SubgraphSelection[];
  /** Fields a `@provides` lets `group`'s subgraph return here. */
  readonly provided: SelectionSetNode | undefined;
  /** Client selections sharing this object: their data keys constrain internal aliases. */
  readonly client: readonly NormalizedSelection[];
  /** Every variable `@skip`/`@include` on the way from the root to this object (fields and fragments). */
  readonly conditions: Wrappers;
  /**
   * Those of `conditions` that `group`'s own selections do not enforce: all of them in an entity
   * fetch, whose fields would otherwise be fetched for an object the client excluded.
   */
  readonly unenforced: Wrappers;
  /** How the traversal reached this object from its parent object; absent at the root. */
  readonly via?: PathStep;
  /** In an entity fetch: the object's position in the fetch that first returned it. */
  readonly origin?: Position;
}

/** One step down the operation: the parent object's position, the field, and the fragments' conditions around it. */
export interface PathStep {
  readonly parent: Position;
  readonly field: NormalizedField;
  readonly wrappers: Wrappers;
}

/** The `@skip`/`@include` directives of the fields and fragments enclosing a selection, outermost first. */
export type Wrappers = readonly (readonly DirectiveNode[])[];

/** Gathers the fetch groups that resolve a selection (the providers of a `@requires` or a key). */
export type Collector = Set<FetchGroup> | undefined;

/**
 * The position of an object inside an entity fetch: nothing is provided there, and none of the
 * conditions on the way is enforced by that fetch's own selections.
 */
export function entityFetchPosition(
  from: Position,
  at: Pick<Position, 'type' | 'path' | 'group' | 'target'>,
): Position {
  return {
    ...at,
    provided: undefined,
    client: from.client,
    conditions: from.conditions,
    unenforced: from.conditions,
    ...(from.via && { via: from.via }),
    origin: from.origin ?? from,
  };
}

/** Conditions as text, for telling apart fetches that run under different ones. */
export function printConditions(conditions: Wrappers): string {
  return conditions.map((directives) => directives.map((directive) => print(directive)).join(' ')).join(' ');
}

/** A path without its final `|[T]` filter: entity fetches apply to every object at the path. */
export function withoutTypeFilter(path: readonly string[]): readonly string[] {
  const last = path[path.length - 1];
  return last?.startsWith('|[') ? path.slice(0, -1) : path;
}

/** A data path for error messages. */
export function printPath(path: readonly string[]): string {
  return path.length === 0 ? 'the root' : path.join('.');
}
