import { getNamedType, isCompositeType, isObjectType } from 'graphql';
import type { FieldSource } from '../supergraph/supergraph-model.js';
import { ContextArguments, withContextArguments } from './context-arguments.js';
import { clientKeys, concreteTypeConditions, internalSelections, toRequireSelections } from './data-keys.js';
import type { FetchGroup } from './fetch-group.js';
import type { FetchRegistry } from './fetch-registry.js';
import { findAssistedHop, findJumpPath, type JumpHop } from './key-jumps.js';
import type { NormalizedField, NormalizedSelection } from './normalized-operation.js';
import { fieldPathOf, PlanningError } from './planning-error.js';
import {
  type Collector,
  entityFetchPosition,
  type Position,
  printConditions,
  printPath,
  type Wrappers,
  withoutTypeFilter,
} from './planning-position.js';
import { implementationSelections, selectsFieldsOn } from './selection-queries.js';
import { addField, addFragment, listInside } from './subgraph-selection.js';
import { needsInputs, type SupergraphIndex } from './supergraph-index.js';

const TYPENAME = '__typename';

/** Where a jump lands, and the field to plan there (with the arguments it takes from a context). */
export interface Jumped {
  readonly position: Position;
  readonly field: NormalizedField;
}

/** Plans selections from a position: the planner itself, which entity jumps call back into. */
export interface SelectionRouter {
  planSelections(
    position: Position,
    selections: readonly NormalizedSelection[],
    wrappers: Wrappers,
    collector: Collector,
  ): void;
}

/**
 * Moves the traversal from the fetch that returned an object to an entity fetch of another
 * subgraph (or of the same one, for a `@requires`): through chains of keys, through keys whose
 * fields other subgraphs must fetch first (assisted hops), and from `@interfaceObject` objects to
 * their concrete types. Adds the key and `__typename` fields each hop needs, and records what
 * each representation carries.
 */
export class EntityJumps {
  /** Assisted hops being planned (`type|subgraph`): their key fields must not need the same hop. */
  private readonly assisting = new Set<string>();
  private readonly contexts: ContextArguments;

  constructor(
    private readonly index: SupergraphIndex,
    private readonly registry: FetchRegistry,
    private readonly router: SelectionRouter,
    clientVariables: ReadonlySet<string> = new Set(),
  ) {
    this.contexts = new ContextArguments(index, router, clientVariables);
  }

  /** True while an assisted hop to `target` for objects of `type` is being planned. */
  isAssisting(type: string, target: string): boolean {
    return this.assisting.has(`${type}|${target}`);
  }

  /** The plain entity fetch to `target` for the objects at the position, when one exists already. */
  existingFetch(position: Position, target: string): FetchGroup | undefined {
    return this.registry.existingEntityFetch(position.group, withoutTypeFilter(position.path), target);
  }

  /** Entity fetches needed to reach `target` from the position through keys; undefined when none reaches it. */
  hopCount(position: Position, target: string): number | undefined {
    return findJumpPath(
      this.index,
      position.type,
      { subgraph: position.group.subgraph, provided: position.provided },
      target,
    )?.length;
  }

  /**
   * Moves to the entity fetch of `target` for the object at `position`, creating fetches as needed.
   * What the jump fetches (keys, requirements) is fetched only when the routed field is included:
   * under its fragments' conditions (`fragmentWrappers`) and its own.
   */
  jump(
    position: Position,
    target: string,
    source: FieldSource,
    field: NormalizedField,
    fragmentWrappers: Wrappers,
  ): Jumped {
    const wrappers = field.directives.length > 0 ? [...fragmentWrappers, field.directives] : fragmentWrappers;
    const from = { subgraph: position.group.subgraph, provided: position.provided };
    const hops = findJumpPath(this.index, position.type, from, target);
    const assisted =
      hops || needsInputs(source) ? undefined : findAssistedHop(this.index, position.type, target);
    if (assisted) return { position: this.assistedJump(position, assisted, wrappers), field };
    if (!hops) {
      throw new PlanningError(
        `Cannot reach subgraph "${target}" for ${position.type} at ${printPath(position.path)}.`,
        fieldPathOf(position.path, field.responseKey),
      );
    }
    if (!needsInputs(source)) return { position: this.walkHops(position, hops, '', wrappers), field };

    const providers = new Set<FetchGroup>();
    const required = source.requires ? internalSelections(position.client, source.requires) : [];
    // Requirements are fetched whatever the field's own conditions: every representation then
    // carries them, and fields under different `@skip`/`@include` share one entity fetch, each
    // under its directives, instead of a fetch per condition set (which one operation repeating a
    // fragment under hundreds of variables would multiply into hundreds of calls).
    this.router.planSelections(position, required, [], providers);
    const contextual = source.contextArguments
      ? this.contexts.plan(position, field, source.contextArguments, providers)
      : [];
    const ownerOnly = [...providers].every((group) => group === position.group);
    const after = ownerOnly ? '' : `requires:${providerIds(providers)}`;
    // The conditions of the fields and fragments above this object still part the fetch: its
    // requirements were fetched (or not) under them.
    const variant =
      position.conditions.length > 0 ? `${after}|when:${printConditions(position.conditions)}` : after;
    const represented = this.representedTypes(position.type);
    const requireSelections = concreteTypeConditions(this.index, toRequireSelections(required));
    // A representation holds one value per field name: a requirement of the same field with other
    // arguments than one the fetch already sends (price(currency: "EUR") beside "USD") needs a
    // fetch of its own.
    let entity = this.walkHops(position, hops, variant, wrappers);
    for (
      let apart = 2;
      represented.some((type) => entity.group.requiresConflict(type, requireSelections));
      apart += 1
    )
      entity = this.walkHops(position, hops, `${variant}|apart:${apart}`, wrappers);
    for (const provider of providers) if (provider !== position.group) entity.group.dependsOn.add(provider);
    const clientVisible = clientKeys(position.client);
    for (const selection of required) {
      if (selection.kind !== 'Field' || clientVisible.has(selection.dataKey)) continue;
      for (const provider of providers)
        provider.noteRequirement(position.path, selection.dataKey, field.dataKey);
    }
    const last = hops[hops.length - 1] as JumpHop;
    for (const typeName of represented)
      entity.group.addRequires(typeName, last.entityType, requireSelections);
    for (const argument of contextual) entity.group.contextArguments.set(argument.variable, argument);
    return {
      position: entity,
      field: contextual.length > 0 ? withContextArguments(field, contextual) : field,
    };
  }

  /**
   * Objects from an `@interfaceObject` subgraph carry the interface's name: an entity fetch to a
   * subgraph that knows the interface as such (with a key) returns their concrete `__typename`,
   * and the selections on specific implementations are planned from that fetch.
   */
  resolveConcreteTypes(
    position: Position,
    selections: readonly NormalizedSelection[],
    collector: Collector,
  ): void {
    const interfaceName = position.type;
    for (const subgraph of this.index.subgraphs()) {
      const entry = this.index.type(interfaceName)?.subgraphs.get(subgraph);
      if (!entry || entry.isInterfaceObject) continue;
      // A subgraph where nothing implements the interface cannot tell a concrete type: asking it
      // for `__typename` alone would only fail (and no `_Entity` member is the interface there).
      if (this.index.possibleTypesIn(interfaceName, subgraph).length === 0) continue;
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
        const at = entityFetchPosition(position, {
          type: possible,
          path: [...position.path, `|[${possible}]`],
          group: entity.group,
          target: fragment.selections,
        });
        this.router.planSelections(at, specific, [], collector);
      }
      return;
    }
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
      this.router.planSelections(position, key, wrappers, providers);
    } finally {
      this.assisting.delete(guard);
    }
    const conditions = [...position.conditions, ...wrappers];
    const variant = `key:${providerIds(providers)}${conditions.length > 0 ? `|when:${printConditions(conditions)}` : ''}`;
    const group = this.registry.entityFetch(
      position.group,
      withoutTypeFilter(position.path),
      hop.subgraph,
      variant,
    );
    for (const provider of providers) if (provider !== position.group) group.dependsOn.add(provider);
    const placement = position.unenforced.length === 0 ? [] : [...position.unenforced, ...wrappers];
    addField(listInside(position.target, placement), { name: TYPENAME, composite: false, internal: true });
    for (const typeName of this.representedTypes(position.type)) {
      group.addRequires(typeName, hop.entityType, representation(key));
    }
    return entityFetchPosition(position, {
      type: position.type,
      path: position.path,
      group,
      target: group.entitySelections(hop.entityType),
    });
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
      const group = this.registry.entityFetch(current.group, groupPath, hop.subgraph, variant);
      const key = internalSelections(position.client, hop.key.selectionSet);
      // Keys fetched only for this jump: an entity fetch asking for nothing else must not be sent
      // for objects the client excluded. (A fetch whose selections enforce the conditions already
      // returns the object anyway; its keys stay unconditional there.)
      const enforced = hopIndex === 0 && current.unenforced.length === 0;
      const placement = enforced ? [] : [...current.unenforced, ...wrappers];
      const target = listInside(current.target, placement);
      addField(target, { name: TYPENAME, composite: false, internal: true });
      this.emitLocally({ ...current, target }, key);
      for (const typeName of this.representedTypes(position.type)) {
        group.addRequires(typeName, hop.entityType, representation(key));
      }
      current = entityFetchPosition(position, {
        type: position.type,
        path: position.path,
        group,
        target: group.entitySelections(hop.entityType),
      });
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
}

/** What a representation sent through a key carries: `__typename` and the key's fields. */
function representation(key: readonly NormalizedSelection[]) {
  return [{ kind: 'Field' as const, name: TYPENAME, dataKey: TYPENAME }, ...toRequireSelections(key)];
}

function providerIds(providers: ReadonlySet<FetchGroup>): string {
  return [...providers]
    .map((group) => group.id)
    .sort()
    .join(',');
}
