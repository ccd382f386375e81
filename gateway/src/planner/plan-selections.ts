import {
  type DirectiveNode,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  print,
  type SelectionSetNode,
} from 'graphql';
import type { FieldSource } from '../supergraph/supergraph-model.js';
import { collapseImplementations } from './collapse-fragments.js';
import type { CostEstimator } from './cost-estimate.js';
import { clientKeys, clientSelectionsBelow, internalSelections, toRequireSelections } from './data-keys.js';
import { FetchGroup } from './fetch-group.js';
import { findAssistedHop, findJumpPath, type JumpHop } from './key-jumps.js';
import { isIntrospectionRootField } from './normalize-operation.js';
import type { NormalizedField, NormalizedOperation, NormalizedSelection } from './normalized-operation.js';
import { PlanningError } from './planning-error.js';
import {
  fieldsResolvedBy,
  implementationSelections,
  needsConcreteType,
  selectsFieldsOn,
} from './selection-queries.js';
import { addField, addFragment, listInside, type SubgraphSelection } from './subgraph-selection.js';
import { listDepth, type SupergraphIndex } from './supergraph-index.js';

/** Where the traversal stands: one object of the response, as seen by the fetch that returns it. */
interface Position {
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
}

type Wrappers = readonly (readonly DirectiveNode[])[];
type Collector = Set<FetchGroup> | undefined;

const TYPENAME = '__typename';

/**
 * Second planner pass: routes every field of the normalised operation to a subgraph fetch.
 * A field stays in the fetch that returned its object when that subgraph can resolve it (and
 * doing so is not costlier); otherwise it goes to an entity fetch reached through `@key`s, over as
 * many hops as needed, with `@requires` fields fetched first and sent in the representations.
 */
export class SelectionPlanner {
  readonly groups: FetchGroup[] = [];
  private readonly registry = new Map<string, FetchGroup>();
  /** Root fetch of each root data key: a root field selected twice is one field, fetched once. */
  private readonly rootFields = new Map<string, FetchGroup>();
  /** Assisted hops being planned (`type|subgraph`): their key fields must not need the same hop. */
  private readonly assisting = new Set<string>();

  constructor(
    private readonly index: SupergraphIndex,
    private readonly estimator: CostEstimator,
    private readonly operation: NormalizedOperation,
  ) {}

  /** Plans the whole operation; the fetch groups end up in `groups`, in dependency order. */
  planOperation(): FetchGroup[] {
    this.planRootSelections(this.operation.selections, []);
    return this.groups;
  }

  private planRootSelections(selections: readonly NormalizedSelection[], wrappers: Wrappers): void {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        const inner = selection.directives.length > 0 ? [...wrappers, selection.directives] : wrappers;
        this.planRootSelections(selection.selections, inner);
        continue;
      }
      if (selection.name === TYPENAME || isIntrospectionRootField(selection.name)) continue;
      const group = this.rootFields.get(selection.dataKey) ?? this.rootGroupFor(selection);
      this.rootFields.set(selection.dataKey, group);
      const position: Position = {
        type: this.operation.rootType,
        path: [],
        group,
        target: group.selections,
        provided: undefined,
        client: this.operation.selections,
        conditions: [],
        unenforced: [],
      };
      this.emit(position, selection, wrappers, undefined);
    }
  }

  /**
   * Query root fields of one subgraph share one fetch (fetches run in parallel); mutation root
   * fields share a fetch only with the previous field's, so they still run in order.
   */
  private rootGroupFor(field: NormalizedField): FetchGroup {
    const rootType = this.operation.rootType;
    const sources = this.index.sources(rootType, field.name);
    if (sources.size === 0) {
      throw new PlanningError(`No subgraph resolves ${rootType}.${field.name}.`);
    }
    const roots = this.groups.filter((group) => group.kind === 'root');
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
    if (!best || best.cost === Number.POSITIVE_INFINITY) {
      throw new PlanningError(`No subgraph can resolve ${rootType}.${field.name} with the selected fields.`);
    }
    const chosen = best.subgraph;
    return (
      reusable.find((group) => group.subgraph === chosen) ?? this.createGroup(chosen, 'root', undefined, [])
    );
  }

  private planSelections(
    position: Position,
    selections: readonly NormalizedSelection[],
    wrappers: Wrappers,
    collector: Collector,
  ): void {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        if (!this.index.typeConditionApplies(selection.typeCondition, position.type)) continue;
        const inner = selection.directives.length > 0 ? [...wrappers, selection.directives] : wrappers;
        this.planSelections(position, selection.selections, inner, collector);
      } else if (selection.name !== TYPENAME) {
        this.route(position, selection, wrappers, collector);
      }
    }
  }

  /** Decides which subgraph resolves `field` for the object at `position`, and plans it there. */
  private route(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): void {
    const { type } = position;
    const subgraph = position.group.subgraph;
    const sources = this.index.sources(type, field.name);
    if (sources.size === 0) throw new PlanningError(`No subgraph resolves ${type}.${field.name}.`);

    let best: { cost: number; target?: string; source?: FieldSource } | undefined;
    if (this.index.isLocal(subgraph, type, field.name, position.provided)) {
      best = { cost: this.estimator.below(subgraph, type, field, position.provided) };
    }
    if (!best || best.cost > 0) {
      for (const [target, source] of sources) {
        if (target === subgraph && !source.requires && !source.viaInterfaceObject) continue;
        const hops =
          this.existingGroup(position, target) && !source.requires ? 0 : this.hopCount(position, target);
        if (hops === undefined) continue;
        const cost = hops + (source.requires ? 1 : 0) + this.estimator.below(target, type, field, undefined);
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
        if (target === subgraph || source.requires || this.assisting.has(`${type}|${target}`)) continue;
        if (!findAssistedHop(this.index, type, target)) continue;
        const cost = 2 + this.estimator.below(target, type, field, undefined);
        if (!best || cost < best.cost) best = { cost, target, source };
      }
    }
    if (!best || best.cost === Number.POSITIVE_INFINITY) {
      throw new PlanningError(
        `Cannot resolve ${type}.${field.name} at ${printPath(position.path)}: no subgraph that resolves it can be reached from "${subgraph}".`,
      );
    }
    if (best.target === undefined || best.source === undefined) {
      this.emit(position, field, wrappers, collector);
      return;
    }
    const entity = this.jump(position, best.target, best.source, field, wrappers);
    this.emit(entity, field, wrappers, collector);
  }

  /** Adds a field resolved by the position's own fetch, and plans its sub-selections. */
  private emit(position: Position, field: NormalizedField, wrappers: Wrappers, collector: Collector): void {
    collector?.add(position.group);
    const definition = this.index.field(position.type, field.name);
    if (!definition) throw new PlanningError(`Unknown field ${position.type}.${field.name}.`);
    const returnType = getNamedType(definition.type);
    const composite = isCompositeType(returnType) && field.selections !== undefined;
    const placement = position.unenforced.length > 0 ? [...position.unenforced, ...wrappers] : wrappers;
    const added = addField(listInside(position.target, placement), {
      alias: field.dataKey,
      name: field.name,
      arguments: field.arguments,
      directives: field.directives,
      composite,
      internal: field.internal ?? false,
    });
    if (!composite || !added.selections || !field.selections) return;

    const subgraph = position.group.subgraph;
    const path = [...position.path, field.dataKey, ...Array<string>(listDepth(definition.type)).fill('@')];
    const provided = this.index.providedBelow(subgraph, position.type, field.name, position.provided);
    const client = clientSelectionsBelow(position.client, field.dataKey);
    const conditions = [
      ...position.conditions,
      ...wrappers,
      ...(field.directives.length > 0 ? [field.directives] : []),
    ];
    const below = { path, group: position.group, provided, client, conditions, unenforced: [] };
    if (isObjectType(returnType)) {
      this.planSelections(
        { ...below, type: returnType.name, target: added.selections },
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
        this.resolveConcreteTypes(position, field.selections, collector);
      }
      return;
    }
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
    if (isInterfaceType(returnType)) {
      collapseImplementations(this.index, added.selections, returnType.name, subgraph);
    }
  }

  /**
   * Moves to the entity fetch of `target` for the object at `position`, creating fetches as needed.
   * What the jump fetches (keys, requirements) is fetched only when the routed field is included:
   * under its fragments' conditions (`wrappers`) and its own.
   */
  private jump(
    position: Position,
    target: string,
    source: FieldSource,
    field: NormalizedField,
    fragmentWrappers: Wrappers,
  ): Position {
    const wrappers = field.directives.length > 0 ? [...fragmentWrappers, field.directives] : fragmentWrappers;
    const from = { subgraph: position.group.subgraph, provided: position.provided };
    const hops = findJumpPath(this.index, position.type, from, target);
    const assisted = hops || source.requires ? undefined : findAssistedHop(this.index, position.type, target);
    if (assisted) return this.assistedJump(position, assisted, wrappers);
    if (!hops) {
      throw new PlanningError(
        `Cannot reach subgraph "${target}" for ${position.type} at ${printPath(position.path)}.`,
      );
    }
    if (!source.requires) return this.walkHops(position, hops, '', wrappers);

    const providers = new Set<FetchGroup>();
    const required = internalSelections(position.client, source.requires);
    this.planSelections(position, required, wrappers, providers);
    const ownerOnly = [...providers].every((group) => group === position.group);
    const after = ownerOnly
      ? ''
      : `requires:${[...providers]
          .map((group) => group.id)
          .sort()
          .join(',')}`;
    // Representations carry every requirement of their fetch: one needed only under a condition
    // would be missing when it does not hold and sink the fields that need no condition.
    const conditions = [...position.conditions, ...wrappers];
    const variant = conditions.length > 0 ? `${after}|when:${printConditions(conditions)}` : after;
    const entity = this.walkHops(position, hops, variant, wrappers);
    for (const provider of providers) if (provider !== position.group) entity.group.dependsOn.add(provider);
    const clientVisible = clientKeys(position.client);
    for (const selection of required) {
      if (selection.kind !== 'Field' || clientVisible.has(selection.dataKey)) continue;
      for (const provider of providers)
        provider.noteRequirement(position.path, selection.dataKey, field.dataKey);
    }
    const last = hops[hops.length - 1] as JumpHop;
    for (const typeName of this.representedTypes(position.type)) {
      entity.group.addRequires(typeName, last.entityType, toRequireSelections(required));
    }
    return entity;
  }

  /**
   * An entity fetch through a key the position's fetch cannot return on its own: the key's fields
   * are planned like a `@requires` (jumping where needed) and the entity fetch waits for them.
   */
  private assistedJump(position: Position, hop: JumpHop, wrappers: Wrappers): Position {
    const guard = `${position.type}|${hop.subgraph}`;
    const providers = new Set<FetchGroup>();
    const key = internalSelections(position.client, hop.key.selectionSet);
    this.assisting.add(guard);
    try {
      this.planSelections(position, key, wrappers, providers);
    } finally {
      this.assisting.delete(guard);
    }
    const groupPath = withoutTypeFilter(position.path);
    const conditions = [...position.conditions, ...wrappers];
    const providerIds = [...providers]
      .map((group) => group.id)
      .sort()
      .join(',');
    const variant = `key:${providerIds}${conditions.length > 0 ? `|when:${printConditions(conditions)}` : ''}`;
    const registryKey = `${position.group.id}|${groupPath.join('.')}|${hop.subgraph}|${variant}`;
    let group = this.registry.get(registryKey);
    if (!group) {
      group = this.createGroup(hop.subgraph, 'entity', position.group, groupPath);
      this.registry.set(registryKey, group);
    }
    for (const provider of providers) if (provider !== position.group) group.dependsOn.add(provider);
    const placement = position.unenforced.length === 0 ? [] : [...position.unenforced, ...wrappers];
    addField(listInside(position.target, placement), { name: TYPENAME, composite: false, internal: true });
    const representation = [
      { kind: 'Field' as const, name: TYPENAME, dataKey: TYPENAME },
      ...toRequireSelections(key),
    ];
    for (const typeName of this.representedTypes(position.type)) {
      group.addRequires(typeName, hop.entityType, representation);
    }
    return {
      type: position.type,
      path: position.path,
      group,
      target: group.entitySelections(hop.entityType),
      provided: undefined,
      client: position.client,
      conditions: position.conditions,
      unenforced: position.conditions,
    };
  }

  private walkHops(
    position: Position,
    hops: readonly JumpHop[],
    lastVariant: string,
    wrappers: Wrappers,
  ): Position {
    let current = position;
    const groupPath = withoutTypeFilter(position.path);
    hops.forEach((hop, hopIndex) => {
      const variant = hopIndex === hops.length - 1 ? lastVariant : '';
      const registryKey = `${current.group.id}|${groupPath.join('.')}|${hop.subgraph}|${variant}`;
      let group = this.registry.get(registryKey);
      if (!group) {
        group = this.createGroup(hop.subgraph, 'entity', current.group, groupPath);
        this.registry.set(registryKey, group);
      }
      const key = internalSelections(position.client, hop.key.selectionSet);
      // Keys fetched only for this jump: an entity fetch asking for nothing else must not be sent
      // for objects the client excluded. (A fetch whose selections enforce the conditions already
      // returns the object anyway; its keys stay unconditional there.)
      const enforced = hopIndex === 0 && current.unenforced.length === 0;
      const placement = enforced ? [] : [...current.unenforced, ...wrappers];
      const target = listInside(current.target, placement);
      addField(target, { name: TYPENAME, composite: false, internal: true });
      this.emitLocally({ ...current, target }, key);
      const representation = [
        { kind: 'Field' as const, name: TYPENAME, dataKey: TYPENAME },
        ...toRequireSelections(key),
      ];
      for (const typeName of this.representedTypes(position.type)) {
        group.addRequires(typeName, hop.entityType, representation);
      }
      current = {
        type: position.type,
        path: position.path,
        group,
        target: group.entitySelections(hop.entityType),
        provided: undefined,
        client: position.client,
        conditions: position.conditions,
        unenforced: position.conditions,
      };
    });
    return current;
  }

  /** Adds key fields to the position's own fetch without routing: the jump search checked it returns them. */
  private emitLocally(position: Position, selections: readonly NormalizedSelection[]): void {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        this.emitLocally(position, selection.selections);
        continue;
      }
      const definition = this.index.field(position.type, selection.name);
      const returnType = definition && getNamedType(definition.type);
      const composite =
        returnType !== undefined && isCompositeType(returnType) && selection.selections !== undefined;
      const added = addField(position.target, {
        alias: selection.dataKey,
        name: selection.name,
        composite,
        internal: true,
      });
      if (!composite || !added.selections || !selection.selections || !definition || !returnType) continue;
      if (!isObjectType(returnType))
        addField(added.selections, { name: TYPENAME, composite: false, internal: true });
      this.emitLocally(
        {
          ...position,
          type: returnType.name,
          target: added.selections,
          path: [...position.path, selection.dataKey],
          provided: this.index.providedBelow(
            position.group.subgraph,
            position.type,
            selection.name,
            position.provided,
          ),
        },
        selection.selections,
      );
    }
  }

  /**
   * The `__typename`s an object at a position of this type may carry: the type itself, and for an
   * interface known through `@interfaceObject`, also its implementations (once another fetch has
   * told the concrete type, the object carries that instead).
   */
  private representedTypes(typeName: string): readonly string[] {
    if (!this.index.isAbstract(typeName)) return [typeName];
    return [typeName, ...this.index.allPossibleTypes(typeName)];
  }

  /**
   * Objects from an `@interfaceObject` subgraph carry the interface's name: an entity fetch to a
   * subgraph that knows the interface as such (with a key) returns their concrete `__typename`,
   * and the selections on specific implementations are planned from that fetch.
   */
  private resolveConcreteTypes(
    position: Position,
    selections: readonly NormalizedSelection[],
    collector: Collector,
  ): void {
    const interfaceName = position.type;
    for (const subgraph of this.index.subgraphs()) {
      const entry = this.index.type(interfaceName)?.subgraphs.get(subgraph);
      if (!entry || entry.isInterfaceObject) continue;
      const key = this.index
        .resolvableKeys(interfaceName, subgraph)
        .find((candidate) =>
          this.index.canProvide(
            position.group.subgraph,
            interfaceName,
            candidate.selectionSet,
            position.provided,
          ),
        );
      if (!key) continue;
      const entity = this.walkHops(position, [{ subgraph, entityType: interfaceName, key }], '', []);
      collector?.add(entity.group);
      addField(entity.target, { name: TYPENAME, composite: false, internal: true });
      const specific = implementationSelections(this.index, selections, interfaceName);
      for (const possible of this.index.possibleTypesIn(interfaceName, subgraph)) {
        if (!selectsFieldsOn(this.index, specific, possible)) continue;
        const fragment = addFragment(entity.target, possible);
        this.planSelections(
          {
            type: possible,
            path: [...position.path, `|[${possible}]`],
            group: entity.group,
            target: fragment.selections,
            provided: undefined,
            client: position.client,
            conditions: position.conditions,
            unenforced: position.conditions,
          },
          specific,
          [],
          collector,
        );
      }
      return;
    }
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

  private existingGroup(position: Position, target: string): FetchGroup | undefined {
    return this.registry.get(`${position.group.id}|${withoutTypeFilter(position.path).join('.')}|${target}|`);
  }

  private hopCount(position: Position, target: string): number | undefined {
    return findJumpPath(
      this.index,
      position.type,
      { subgraph: position.group.subgraph, provided: position.provided },
      target,
    )?.length;
  }

  private createGroup(
    subgraph: string,
    kind: FetchGroup['kind'],
    parent: FetchGroup | undefined,
    path: readonly string[],
  ): FetchGroup {
    const operationKind = kind === 'root' ? this.operation.kind : 'query';
    const group = new FetchGroup(this.groups.length, subgraph, kind, operationKind, parent, path);
    this.groups.push(group);
    return group;
  }
}

function printConditions(conditions: Wrappers): string {
  return conditions.map((directives) => directives.map((directive) => print(directive)).join(' ')).join(' ');
}

function withoutTypeFilter(path: readonly string[]): readonly string[] {
  const last = path[path.length - 1];
  return last?.startsWith('|[') ? path.slice(0, -1) : path;
}

function printPath(path: readonly string[]): string {
  return path.length === 0 ? 'the root' : path.join('.');
}
