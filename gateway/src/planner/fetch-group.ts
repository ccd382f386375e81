import type { Condition } from './normalized-operation.js';
import type { ContextArgumentRead, RequireSelection } from './query-plan.js';
import { addFragment, type SubgraphSelection } from './subgraph-selection.js';

/** Representation selection for one concrete entity type. */
export interface EntityRequires {
  /** The `__typename` to send (the concrete type, or the interface an `@interfaceObject` subgraph knows). */
  readonly typename: string;
  readonly selections: RequireSelection[];
}

/**
 * Fields a fetch returns only because another fetch requires them (`@requires`): an error about
 * one of them is reported on the client fields that needed it.
 */
export interface RequirementNote {
  /** Data path of the objects (with `@` and `|[T]` segments). */
  readonly path: readonly string[];
  /** Data key of the required field at those objects. */
  readonly dataKey: string;
  /** Data keys of the client fields that needed it. */
  readonly dependents: string[];
}

/**
 * One future subgraph request while a plan is being built: a root fetch, or an entity fetch
 * applied to the objects found at `path`. Becomes a FetchNode once planning is done.
 */
export class FetchGroup {
  /** Root fields, or for entity fetches the `... on Type` fragments under `_entities`. */
  readonly selections: SubgraphSelection[] = [];
  /** For entity fetches: per concrete type, what each representation carries. */
  readonly requires = new Map<string, EntityRequires>();
  /** Groups whose data this one reads besides its parent's (the providers of `@requires` fields). */
  readonly dependsOn = new Set<FetchGroup>();
  /** Arguments of its fields that each object takes from an ancestor, by the variable standing for them. */
  readonly contextArguments = new Map<string, ContextArgumentRead>();
  /** Required fields this fetch returns for other fetches. */
  readonly requirements: RequirementNote[] = [];
  /**
   * Aliases given to fields that would conflict in the subgraph's own schema, with the data key
   * each value goes back under and the name a subgraph error about it is reported by.
   */
  readonly restoredKeys = new Map<string, { readonly dataKey: string; readonly reportAs: string }>();
  /** Conditions hoisted out of the operation: the fetch runs only when all hold. */
  conditions: readonly Condition[] = [];
  /**
   * Set when every selection sits under its own conditions: the fetch is sent only when all
   * conditions of at least one of these sets hold (otherwise it would ask for nothing).
   */
  includedWhen: readonly (readonly Condition[])[] | undefined;

  constructor(
    readonly id: number,
    readonly subgraph: string,
    readonly kind: 'root' | 'entity',
    readonly operationKind: 'query' | 'mutation',
    readonly parent: FetchGroup | undefined,
    readonly path: readonly string[],
    /** The plan part (`DeferredPart.id`, 0 for the primary part) whose fetches this one runs with. */
    readonly part = 0,
  ) {}

  /** The selection list under `... on <entityType>` in this entity fetch. */
  entitySelections(entityType: string): SubgraphSelection[] {
    return addFragment(this.selections, entityType).selections;
  }

  /** Records that `dependent` (a client field's data key) needs the field at `dataKey` of the objects at `path`. */
  noteRequirement(path: readonly string[], dataKey: string, dependent: string): void {
    const key = path.join('.');
    const existing = this.requirements.find(
      (note) => note.dataKey === dataKey && note.path.join('.') === key,
    );
    if (!existing) this.requirements.push({ path, dataKey, dependents: [dependent] });
    else if (!existing.dependents.includes(dependent)) existing.dependents.push(dependent);
  }

  /**
   * True when the representation of objects of `concreteType` already carries a field of the
   * same name as one of `selections` but another identity (other arguments): one representation
   * cannot hold both values.
   */
  requiresConflict(concreteType: string, selections: readonly RequireSelection[]): boolean {
    const existing = this.requires.get(concreteType);
    return existing !== undefined && selectionsConflict(existing.selections, selections);
  }

  /** Adds fields to the representation of objects of `concreteType`. */
  addRequires(concreteType: string, typename: string, selections: readonly RequireSelection[]): void {
    const entry = this.requires.get(concreteType) ?? { typename, selections: [] };
    mergeRequires(entry.selections, selections);
    this.requires.set(concreteType, entry);
  }
}

function selectionsConflict(held: readonly RequireSelection[], added: readonly RequireSelection[]): boolean {
  return added.some((selection) => {
    if (selection.kind === 'InlineFragment') {
      return held.some(
        (candidate) =>
          candidate.kind === 'InlineFragment' &&
          candidate.typeCondition === selection.typeCondition &&
          selectionsConflict(candidate.selections, selection.selections),
      );
    }
    return held.some(
      (candidate) =>
        candidate.kind === 'Field' &&
        candidate.name === selection.name &&
        (candidate.dataKey !== selection.dataKey ||
          (candidate.selections !== undefined &&
            selection.selections !== undefined &&
            selectionsConflict(candidate.selections, selection.selections))),
    );
  });
}

function mergeRequires(into: RequireSelection[], from: readonly RequireSelection[]): void {
  for (const selection of from) {
    const existing = into.find((candidate) =>
      candidate.kind === 'Field'
        ? selection.kind === 'Field' && candidate.dataKey === selection.dataKey
        : selection.kind === 'InlineFragment' && candidate.typeCondition === selection.typeCondition,
    );
    if (!existing) {
      into.push(cloneRequire(selection));
      continue;
    }
    if (existing.selections && selection.selections) {
      mergeRequires(existing.selections as RequireSelection[], selection.selections);
    }
  }
}

function cloneRequire(selection: RequireSelection): RequireSelection {
  if (selection.kind === 'Field') {
    return {
      ...selection,
      ...(selection.selections && { selections: selection.selections.map(cloneRequire) }),
    };
  }
  return { ...selection, selections: selection.selections.map(cloneRequire) };
}
