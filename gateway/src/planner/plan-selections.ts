import {
  GraphQLError,
  type GraphQLNamedType,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import type { FieldSource } from '../supergraph/supergraph-model.js';
import { type AncestorPlanner, AncestorRoutes } from './ancestor-routes.js';
import { collapseImplementations } from './collapse-fragments.js';
import type { CostEstimator } from './cost-estimate.js';
import { clientSelectionsBelow } from './data-keys.js';
import { EntityJumps, type SelectionRouter } from './entity-jumps.js';
import type { FetchGroup } from './fetch-group.js';
import { FetchRegistry } from './fetch-registry.js';
import { isIntrospectionRootField } from './introspection-fields.js';
import { findAssistedHop } from './key-jumps.js';
import type {
  NormalizedField,
  NormalizedFragment,
  NormalizedOperation,
  NormalizedSelection,
} from './normalized-operation.js';
import type { PlanningBudget } from './planning-budget.js';
import { fieldPathOf, PlanningError } from './planning-error.js';
import { type Collector, type Position, printPath, type Wrappers } from './planning-position.js';
import type { DeferredPart } from './query-plan.js';
import { fieldsResolvedBy, needsConcreteType, selectsFieldsOn } from './selection-queries.js';
import { addField, addFragment, listInside } from './subgraph-selection.js';
import { listDepth, needsInputs, type SupergraphIndex } from './supergraph-index.js';

const TYPENAME = '__typename';

/** A deferred fragment met while planning, planned once the part it sits in is planned. */
interface DeferredFragment {
  readonly fragment: NormalizedFragment & { readonly defer: NonNullable<NormalizedFragment['defer']> };
  /** Where it applies; absent for a fragment on the root type. */
  readonly position: Position | undefined;
  readonly wrappers: Wrappers;
  readonly collector: Collector;
  /** The part it sits in. */
  readonly after: number;
}

/**
 * Second planner pass: routes every field of the normalised operation to a subgraph fetch.
 * A field stays in the fetch that returned its object when that subgraph can resolve it (and
 * doing so is not costlier); otherwise it goes to an entity fetch reached through `@key`s, over as
 * many hops as needed, with `@requires` fields fetched first and sent in the representations.
 */
export class SelectionPlanner implements SelectionRouter, AncestorPlanner {
  private readonly registry: FetchRegistry;
  private readonly jumps: EntityJumps;
  private readonly ancestors: AncestorRoutes;
  /** Root fetch of each root data key: a root field selected twice is one field, fetched once. */
  private readonly rootFields = new Map<string, FetchGroup>();
  /** Deferred fragments waiting to be planned, and the parts planned so far (by fragment and path). */
  private readonly deferQueue: DeferredFragment[] = [];
  private readonly parts = new Map<string, DeferredPart>();
  /** Deferred fragments met so far. */
  private deferredCount = 0;

  constructor(
    private readonly index: SupergraphIndex,
    private readonly estimator: CostEstimator,
    private readonly operation: NormalizedOperation,
    private readonly budget?: PlanningBudget,
  ) {
    this.registry = new FetchRegistry(operation.kind);
    const clientVariables = new Set(
      operation.variableDefinitions.map((definition) => definition.variable.name.value),
    );
    this.jumps = new EntityJumps(index, this.registry, this, clientVariables);
    this.ancestors = new AncestorRoutes(index, this.jumps, this);
  }

  /**
   * Plans the whole operation; the fetch groups end up in `groups`, in dependency order. Deferred
   * fragments are planned after the part they sit in, each into a part of its own (`part` of
   * its groups), reading what that part fetched.
   */
  planOperation(): FetchGroup[] {
    this.planRootSelections(this.operation.selections, []);
    for (let next = this.deferQueue.shift(); next; next = this.deferQueue.shift()) this.planDeferred(next);
    this.registry.part = 0;
    return this.registry.groups;
  }

  /** The deferred parts planned (empty unless the operation was normalised for incremental delivery). */
  get deferredParts(): readonly DeferredPart[] {
    return [...this.parts.values()];
  }

  private planRootSelections(selections: readonly NormalizedSelection[], wrappers: Wrappers): void {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        const inner = selection.directives.length > 0 ? [...wrappers, selection.directives] : wrappers;
        if (selection.defer) {
          if (this.operation.kind === 'mutation') {
            throw new GraphQLError(
              `Defer directive cannot be used on root mutation type "${this.operation.rootType}".`,
            );
          }
          this.queueDeferred({
            fragment: { ...selection, defer: selection.defer },
            position: undefined,
            wrappers: inner,
            collector: undefined,
            after: this.registry.part,
          });
          continue;
        }
        this.planRootSelections(selection.selections, inner);
        continue;
      }
      if (selection.name === TYPENAME || isIntrospectionRootField(selection.name)) continue;
      const key = this.registry.part === 0 ? selection.dataKey : `${this.registry.part}|${selection.dataKey}`;
      const group = this.rootFields.get(key) ?? this.rootGroupFor(selection);
      this.rootFields.set(key, group);
      this.emit(this.rootPosition(group), selection, wrappers, undefined);
    }
  }

  private queueDeferred(deferred: DeferredFragment): void {
    this.deferredCount += 1;
    this.deferQueue.push(deferred);
  }

  /** Plans a deferred fragment into its part (one per fragment and path). */
  private planDeferred(deferred: DeferredFragment): void {
    const { fragment, position } = deferred;
    const path = position?.path ?? [];
    const key = `${fragment.defer.id}|${path.join('.')}`;
    let part = this.parts.get(key);
    if (!part) {
      part = {
        id: this.parts.size + 1,
        after: deferred.after,
        fragment: fragment.defer.id,
        ...(fragment.defer.label !== undefined && { label: fragment.defer.label }),
        ...(fragment.defer.ifVariable !== undefined && { ifVariable: fragment.defer.ifVariable }),
        path,
        type: position?.type ?? this.operation.rootType,
        ...(fragment.typeCondition !== undefined && { typeCondition: fragment.typeCondition }),
      };
      this.parts.set(key, part);
    }
    this.registry.part = part.id;
    if (position) this.planSelections(position, fragment.selections, deferred.wrappers, deferred.collector);
    else this.planRootSelections(fragment.selections, deferred.wrappers);
  }

  private rootPosition(group: FetchGroup): Position {
    return {
      type: this.operation.rootType,
      path: [],
      group,
      target: group.selections,
      provided: undefined,
      client: this.operation.selections,
      conditions: [],
      unenforced: [],
    };
  }

  /**
   * The root position of the query root fetch to `subgraph`, created when there is none: a root
   * field is called again there for the parts of its selection only that subgraph resolves.
   * Never for mutations, whose root fields must run once.
   */
  rootPositionIn(subgraph: string): Position | undefined {
    if (this.operation.kind !== 'query') return undefined;
    const group =
      this.registry.groups.find(
        (candidate) =>
          candidate.kind === 'root' &&
          candidate.subgraph === subgraph &&
          candidate.part === this.registry.part,
      ) ?? this.registry.create(subgraph, 'root', undefined, []);
    return this.rootPosition(group);
  }

  /**
   * Query root fields of one subgraph share one fetch (fetches run in parallel); mutation root
   * fields share a fetch only with the previous field's, so they still run in order.
   */
  private rootGroupFor(field: NormalizedField): FetchGroup {
    const rootType = this.operation.rootType;
    const sources = this.index.sources(rootType, field.name);
    if (sources.size === 0) {
      throw new PlanningError(`No subgraph resolves ${rootType}.${field.name}.`, [field.responseKey]);
    }
    const roots = this.registry.groups.filter(
      (group) => group.kind === 'root' && group.part === this.registry.part,
    );
    const reusable = this.operation.kind === 'mutation' ? roots.slice(-1) : roots;
    let best: { subgraph: string; cost: number } | undefined;
    for (const subgraph of sources.keys()) {
      const existing = reusable.some((group) => group.subgraph === subgraph);
      const cost = (existing ? 0 : 1) + this.estimator.below(subgraph, rootType, field, undefined);
      const root = { type: rootType, client: this.operation.selections };
      if (
        !best ||
        cost < best.cost ||
        (cost === best.cost && this.coversMore(root, subgraph, best.subgraph))
      ) {
        best = { subgraph, cost };
      }
    }
    // Parts no chain of keys reaches from the chosen subgraph are planned from the root again
    // (AncestorRoutes); planning fails where even that finds no way.
    if (!best) {
      throw new PlanningError(`No subgraph can resolve ${rootType}.${field.name} with the selected fields.`, [
        field.responseKey,
      ]);
    }
    const chosen = best.subgraph;
    return (
      reusable.find((group) => group.subgraph === chosen) ??
      this.registry.create(chosen, 'root', undefined, [])
    );
  }

  planSelections(
    position: Position,
    selections: readonly NormalizedSelection[],
    wrappers: Wrappers,
    collector: Collector,
  ): void {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        if (!this.index.typeConditionApplies(selection.typeCondition, position.type)) continue;
        const inner = selection.directives.length > 0 ? [...wrappers, selection.directives] : wrappers;
        if (selection.defer) {
          const fragment = { ...selection, defer: selection.defer };
          this.queueDeferred({ fragment, position, wrappers: inner, collector, after: this.registry.part });
          continue;
        }
        this.planSelections(position, selection.selections, inner, collector);
      } else if (selection.name !== TYPENAME) {
        this.route(position, selection, wrappers, collector);
      }
    }
  }

  /** Decides which subgraph resolves `field` for the object at `position`, and plans it there. */
  private route(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): void {
    this.budget?.spend();
    const { type } = position;
    const subgraph = position.group.subgraph;
    const sources = this.index.sources(type, field.name);
    if (sources.size === 0) {
      throw new PlanningError(
        `No subgraph resolves ${type}.${field.name}.`,
        fieldPathOf(position.path, field.responseKey),
      );
    }

    // A deferred fragment's field is not fetched by an earlier part's fetch: its part fetches it,
    // through the object's key (in the same subgraph when that one resolves it).
    const deferring = position.group.part !== this.registry.part;
    const local = this.index.isLocal(subgraph, type, field.name, position.provided);
    let best: { cost: number; target?: string; source?: FieldSource } | undefined;
    if (local && !deferring) {
      best = { cost: this.estimator.below(subgraph, type, field, position.provided) };
    }
    if (!best || best.cost > 0) {
      for (const [target, source] of sources) {
        const inputs = needsInputs(source);
        if (target === subgraph && !inputs && !source.viaInterfaceObject && !deferring) continue;
        const hops =
          this.jumps.existingFetch(position, target) && !inputs ? 0 : this.jumps.hopCount(position, target);
        if (hops === undefined) continue;
        const cost = hops + (inputs ? 1 : 0) + this.estimator.below(target, type, field, undefined);
        if (
          !best ||
          cost < best.cost ||
          (cost === best.cost && this.coversMore(position, target, best.target))
        ) {
          best = { cost, target, source };
        }
      }
    }
    if (!best || best.cost === Number.POSITIVE_INFINITY) {
      for (const [target, source] of sources) {
        if (target === subgraph || needsInputs(source) || this.jumps.isAssisting(type, target)) continue;
        if (!findAssistedHop(this.index, type, target)) continue;
        const cost = 2 + this.estimator.below(target, type, field, undefined);
        if (!best || cost < best.cost) best = { cost, target, source };
      }
    }
    // An object no key reaches again: the earlier part's fetch returns the deferred field too.
    if (!best && deferring && local) best = { cost: 0 };
    if (!best) {
      if (this.ancestors.plan(position, field, wrappers, collector)) return;
      throw new PlanningError(
        `Cannot resolve ${type}.${field.name} at ${printPath(position.path)}: no subgraph that resolves it can be reached from "${subgraph}".`,
        fieldPathOf(position.path, field.responseKey),
      );
    }
    if (best.target === undefined || best.source === undefined) {
      this.emit(position, field, wrappers, collector);
      return;
    }
    const jumped = this.jumps.jump(position, best.target, best.source, field, wrappers);
    this.emit(jumped.position, jumped.field, wrappers, collector);
  }

  /** Adds a field resolved by the position's own fetch, and plans its sub-selections. */
  emit(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): void {
    collector?.add(position.group);
    const definition = this.index.field(position.type, field.name);
    if (!definition) {
      throw new PlanningError(
        `Unknown field ${position.type}.${field.name}.`,
        fieldPathOf(position.path, field.responseKey),
      );
    }
    const subgraph = position.group.subgraph;
    // The subgraph's own type for the field: it may be one member of the supergraph's union.
    const returnType = this.index.compositeReturnTypeIn(subgraph, position.type, field.name);
    const composite = returnType !== undefined && field.selections !== undefined;
    if (composite && this.holdsNoObject(position, returnType)) return;
    const placement = position.unenforced.length > 0 ? [...position.unenforced, ...wrappers] : wrappers;
    const added = addField(listInside(position.target, placement), {
      alias: field.dataKey,
      name: field.name,
      arguments: field.arguments,
      directives: field.directives,
      composite,
      internal: field.internal ?? false,
    });
    if (!composite || !returnType || !added.selections || !field.selections) return;

    const path = [...position.path, field.dataKey, ...Array<string>(listDepth(definition.type)).fill('@')];
    const provided = this.index.providedBelow(subgraph, position.type, field.name, position.provided);
    const client = clientSelectionsBelow(position.client, field.dataKey);
    const conditions = [
      ...position.conditions,
      ...wrappers,
      ...(field.directives.length > 0 ? [field.directives] : []),
    ];
    const via = { parent: position, field, wrappers };
    const below = { path, group: position.group, provided, client, conditions, unenforced: [], via };
    if (isObjectType(returnType)) {
      const narrowed = isAbstractType(getNamedType(definition.type));
      // An object type in the subgraph where the supergraph has an abstract one: the client's
      // fragments on other members do not apply, and `__typename` tells the shaper which member.
      if (narrowed) addField(added.selections, { name: TYPENAME, composite: false, internal: true });
      this.planSelections(
        {
          ...below,
          ...(narrowed && { path: [...path, `|[${returnType.name}]`] }),
          type: returnType.name,
          target: added.selections,
        },
        field.selections,
        [],
        collector,
      );
      // A selection of only `__typename` (answered by the gateway) still needs a field for the subgraph.
      if (added.selections.length === 0)
        addField(added.selections, { name: TYPENAME, composite: false, internal: true });
      return;
    }
    addField(added.selections, { name: TYPENAME, composite: false, internal: true });
    if (this.index.type(returnType.name)?.subgraphs.get(subgraph)?.isInterfaceObject) {
      // The subgraph knows the interface as an object type: its objects carry the interface's name.
      const position = { ...below, type: returnType.name, target: added.selections };
      this.planSelections(position, field.selections, [], collector);
      if (needsConcreteType(this.index, field.selections, returnType.name)) {
        this.jumps.resolveConcreteTypes(position, field.selections, collector);
      }
      return;
    }
    const deferredBefore = this.deferredCount;
    for (const possible of this.index.possibleTypesIn(returnType.name, subgraph)) {
      if (!selectsFieldsOn(this.index, field.selections, possible)) continue;
      const fragment = addFragment(added.selections, possible);
      this.planSelections(
        { ...below, path: [...path, `|[${possible}]`], type: possible, target: fragment.selections },
        field.selections,
        [],
        collector,
      );
    }
    // Fragments a deferred part adds keys to later must stay apart.
    if (isInterfaceType(returnType) && this.deferredCount === deferredBefore) {
      collapseImplementations(this.index, added.selections, returnType.name, subgraph);
    }
  }

  /**
   * True for an abstract field no object type can be the value of where the subgraph resolves it
   * (an interface nothing implements there, not an `@interfaceObject`): its value can only be
   * null, so it is not asked for. A mutation's root field still runs.
   */
  private holdsNoObject(position: Position, returnType: GraphQLNamedType): boolean {
    if (isObjectType(returnType)) return false;
    const subgraph = position.group.subgraph;
    if (this.index.type(returnType.name)?.subgraphs.get(subgraph)?.isInterfaceObject) return false;
    if (position.group.operationKind === 'mutation' && position.path.length === 0) return false;
    return this.index.possibleTypesIn(returnType.name, subgraph).length === 0;
  }

  /**
   * Tie-break between two subgraphs that cost the same for one field: prefer the one resolving
   * more of the client's other fields on the same object, so they can share its fetch.
   */
  private coversMore(
    position: Pick<Position, 'type' | 'client'>,
    candidate: string,
    incumbent: string | undefined,
  ): boolean {
    if (incumbent === undefined) return false;
    return (
      fieldsResolvedBy(this.index, position.client, position.type, candidate) >
      fieldsResolvedBy(this.index, position.client, position.type, incumbent)
    );
  }
}
