import { getNamedType } from 'graphql';
import type { EntityJumps } from './entity-jumps.js';
import { conditionsOf } from './hoist-conditions.js';
import type { NormalizedField, NormalizedSelection } from './normalized-operation.js';
import type { Collector, PathStep, Position, Wrappers } from './planning-position.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** What planning down from an ancestor needs of the planner. */
export interface AncestorPlanner {
  /** Adds a field to the position's own fetch and plans its sub-selections. */
  emit(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): void;
  /** A root position in a query root fetch to `subgraph`; undefined where calling a root field again is not allowed (mutations). */
  rootPositionIn(subgraph: string): Position | undefined;
}

/**
 * Routes for fields that no subgraph reachable from their object resolves, because the object's
 * type has no key (a value type, or one that is not an entity where the field lives): the field
 * is planned from the nearest ancestor object from which some subgraph resolves the whole way
 * down. That subgraph is reached through the ancestor's key (or, from the root, by calling the
 * root field there too), the fields leading down are selected again, and the answers merge.
 */
export class AncestorRoutes {
  /** Climbs in progress (`group|path|field`): one must not lead back to itself. */
  private readonly climbing = new Set<string>();

  constructor(
    private readonly index: SupergraphIndex,
    private readonly jumps: EntityJumps,
    private readonly planner: AncestorPlanner,
  ) {}

  /** Plans `field` of the object at `position` from an ancestor; false when no ancestor offers a way. */
  plan(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): boolean {
    const guard = `${position.group.id}|${position.path.join('.')}|${field.dataKey}`;
    if (this.climbing.has(guard)) return false;
    this.climbing.add(guard);
    try {
      const steps: PathStep[] = [];
      const types: string[] = [];
      let current = position;
      while (current.via) {
        steps.unshift(current.via);
        types.unshift(current.type);
        current = current.via.parent;
        const start = this.startFrom(current, steps, types, field);
        if (!start) continue;
        const down = pathDown(this.index, current.type, steps, types, { field, wrappers });
        this.planner.emit(start, down.field, down.wrappers, collector);
        return true;
      }
      return false;
    } finally {
      this.climbing.delete(guard);
    }
  }

  /**
   * Where to plan the way down from the ancestor at `ancestor`: its own fetch when that subgraph
   * resolves every field of the way, else the first subgraph that does and can be reached.
   */
  private startFrom(
    ancestor: Position,
    steps: readonly PathStep[],
    types: readonly string[],
    field: NormalizedField,
  ): Position | undefined {
    const own = ancestor.group.subgraph;
    const candidates = [own, ...this.index.subgraphs().filter((subgraph) => subgraph !== own)];
    for (const subgraph of candidates) {
      if (!this.resolvesDown(subgraph, ancestor, steps, types, field)) continue;
      if (subgraph === own) return ancestor;
      if (ancestor.via === undefined && ancestor.path.length === 0) {
        const root = this.planner.rootPositionIn(subgraph);
        if (root) return root;
        continue;
      }
      const from = this.jumpStart(ancestor, subgraph);
      if (!from) continue;
      const first = steps[0] as PathStep;
      return this.jumps.jump(from, subgraph, {}, first.field, first.wrappers).position;
    }
    return undefined;
  }

  /**
   * Where the jump to `subgraph` leaves from: the ancestor itself, or, when its fetch cannot
   * select the keys (an entity fetch where they are `@external`), the fetch that first returned
   * the ancestor, which holds them.
   */
  private jumpStart(ancestor: Position, subgraph: string): Position | undefined {
    if (this.jumps.hopCount(ancestor, subgraph) !== undefined) return ancestor;
    const { origin } = ancestor;
    return origin && this.jumps.hopCount(origin, subgraph) !== undefined ? origin : undefined;
  }

  /** True when `subgraph` resolves each field of the way down, and the field at its end, in place. */
  private resolvesDown(
    subgraph: string,
    ancestor: Position,
    steps: readonly PathStep[],
    types: readonly string[],
    field: NormalizedField,
  ): boolean {
    let parentType = ancestor.type;
    let provided = subgraph === ancestor.group.subgraph ? ancestor.provided : undefined;
    for (const [index, step] of steps.entries()) {
      if (!this.index.isLocal(subgraph, parentType, step.field.name, provided)) return false;
      const below = types[index] as string;
      if (!this.index.type(below)?.subgraphs.has(subgraph)) return false;
      provided = this.index.providedBelow(subgraph, parentType, step.field.name, provided);
      parentType = below;
    }
    return this.index.isLocal(subgraph, parentType, field.name, provided);
  }
}

/**
 * The way down from an ancestor as one field to plan there: each field of the path selecting only
 * the next one (inside its fragments' conditions, and a type condition where the path narrowed an
 * abstract type), the routed field at the end.
 */
function pathDown(
  index: SupergraphIndex,
  ancestorType: string,
  steps: readonly PathStep[],
  types: readonly string[],
  end: { field: NormalizedField; wrappers: Wrappers },
): { field: NormalizedField; wrappers: Wrappers } {
  let selections = withWrappers(end.wrappers, [end.field]);
  for (let level = steps.length - 1; level >= 0; level -= 1) {
    const step = steps[level] as PathStep;
    const objectType = types[level] as string;
    const parentType = level === 0 ? ancestorType : (types[level - 1] as string);
    const declared = index.field(parentType, step.field.name);
    const returned = declared ? getNamedType(declared.type).name : undefined;
    const typed: NormalizedSelection[] =
      returned === undefined || returned === objectType
        ? selections
        : [{ kind: 'InlineFragment', typeCondition: objectType, directives: [], conditions: [], selections }];
    const field: NormalizedField = { ...step.field, selections: typed };
    if (level === 0) return { field, wrappers: step.wrappers };
    selections = withWrappers(step.wrappers, [field]);
  }
  return end;
}

function withWrappers(wrappers: Wrappers, selections: NormalizedSelection[]): NormalizedSelection[] {
  let wrapped = selections;
  for (const directives of [...wrappers].reverse()) {
    wrapped = [
      { kind: 'InlineFragment', directives, conditions: conditionsOf(directives), selections: wrapped },
    ];
  }
  return wrapped;
}
