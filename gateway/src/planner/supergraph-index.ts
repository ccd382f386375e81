import {
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLUnionType,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type {
  CompositeTypeModel,
  EntityKey,
  FieldSource,
  SupergraphModel,
} from '../supergraph/supergraph-model.js';

const NO_SOURCES: ReadonlyMap<string, FieldSource> = new Map();

/**
 * What the planner asks of a supergraph, answered from the model with caches: field types,
 * type conditions, which subgraph resolves what, keys and provided fields. Built once per supergraph.
 */
export class SupergraphIndex {
  private readonly applies = new Map<string, boolean>();
  private readonly subgraphOrder: readonly string[];
  private readonly activeSources = new Map<string, ReadonlyMap<string, FieldSource>>();

  /**
   * `enabledLabels`: the progressive override labels enabled for the plans made with this index;
   * every other label is off. Each side of a labelled override resolves its field on one outcome.
   */
  constructor(
    readonly model: SupergraphModel,
    readonly enabledLabels: ReadonlySet<string> = new Set(),
  ) {
    this.subgraphOrder = [...model.subgraphs.keys()];
  }

  /** Subgraph names in supergraph order, for deterministic choices. */
  subgraphs(): readonly string[] {
    return this.subgraphOrder;
  }

  type(name: string): CompositeTypeModel | undefined {
    return this.model.types.get(name);
  }

  /** The supergraph definition of a field, or undefined for unknown fields. */
  field(typeName: string, fieldName: string): GraphQLField<unknown, unknown> | undefined {
    const type = this.model.schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
    return type.getFields()[fieldName];
  }

  /**
   * A field's type as `subgraph` declares it, printed (`[String!]`, `Book`): it may differ from
   * the supergraph's, which merges the subgraphs' declarations.
   */
  fieldTypeIn(subgraph: string, typeName: string, fieldName: string): string | undefined {
    if (fieldName === '__typename') return 'String!';
    const declared = this.type(typeName)?.fields.get(fieldName)?.typesIn.get(subgraph);
    if (declared !== undefined) return declared;
    const field = this.field(typeName, fieldName);
    return field && String(field.type);
  }

  /** The named type of a field as `subgraph` declares it, when it is an object, interface or union. */
  compositeReturnTypeIn(
    subgraph: string,
    typeName: string,
    fieldName: string,
  ): GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType | undefined {
    const declared = this.fieldTypeIn(subgraph, typeName, fieldName);
    if (declared === undefined) return undefined;
    const named = this.model.schema.getType(declared.replace(/[[\]!]/g, ''));
    return isCompositeType(named) ? named : undefined;
  }

  /** True when `subgraph` defines the type as an object type (an `@interfaceObject` interface included). */
  isObjectTypeIn(subgraph: string, typeName: string): boolean {
    const type = this.model.schema.getType(typeName);
    if (isObjectType(type)) return true;
    return isInterfaceType(type) && this.type(typeName)?.subgraphs.get(subgraph)?.isInterfaceObject === true;
  }

  /** True for scalar and enum types. */
  isLeafType(typeName: string): boolean {
    return isLeafType(this.model.schema.getType(typeName));
  }

  /** The named return type of a field, when it is an object, interface or union. */
  compositeReturnType(typeName: string, fieldName: string): GraphQLNamedType | undefined {
    const field = this.field(typeName, fieldName);
    if (!field) return undefined;
    const named = getNamedType(field.type);
    return isCompositeType(named) ? named : undefined;
  }

  /** True when a fragment on `condition` applies to an object of type `objectType`. */
  typeConditionApplies(condition: string | undefined, objectType: string): boolean {
    if (condition === undefined || condition === objectType) return true;
    const cacheKey = `${condition}|${objectType}`;
    let result = this.applies.get(cacheKey);
    if (result === undefined) {
      const abstract = this.model.schema.getType(condition);
      const object = this.model.schema.getType(objectType);
      result =
        isAbstractType(abstract) &&
        (isObjectType(object) || isInterfaceType(object)) &&
        this.model.schema.isSubType(abstract, object);
      this.applies.set(cacheKey, result);
    }
    return result;
  }

  /** True when objects of `typeName` set `context` for the fields below them: the type, or one of its interfaces or unions, has `@context`. */
  setsContext(typeName: string, context: string): boolean {
    if (this.type(typeName)?.contexts.has(context)) return true;
    const type = this.model.schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) return false;
    if (type.getInterfaces().some((iface) => this.type(iface.name)?.contexts.has(context))) return true;
    return [...this.model.types.values()].some(
      (candidate) =>
        candidate.kind === 'union' &&
        candidate.contexts.has(context) &&
        this.allPossibleTypes(candidate.name).includes(typeName),
    );
  }

  isAbstract(typeName: string): boolean {
    return isAbstractType(this.model.schema.getType(typeName));
  }

  /** Object types a subgraph may return where `abstractType` is expected, in schema order. */
  possibleTypesIn(abstractType: string, subgraph: string): readonly string[] {
    return [...(this.type(abstractType)?.possibleTypes.get(subgraph) ?? [])];
  }

  /** Every object type implementing an interface or member of a union, in schema order. */
  allPossibleTypes(abstractType: string): readonly string[] {
    const type = this.model.schema.getType(abstractType);
    return isAbstractType(type)
      ? this.model.schema.getPossibleTypes(type).map((possible) => possible.name)
      : [];
  }

  /** Subgraphs resolving a field, with what each requires or provides. */
  sources(typeName: string, fieldName: string): ReadonlyMap<string, FieldSource> {
    const all = this.type(typeName)?.fields.get(fieldName)?.sources ?? NO_SOURCES;
    if (this.model.overrideLabels.size === 0) return all;
    const key = `${typeName}.${fieldName}`;
    let active = this.activeSources.get(key);
    if (!active) {
      active = new Map(
        [...all].filter(
          ([, source]) =>
            !source.overrideLabel ||
            source.overrideLabel.enabled === this.enabledLabels.has(source.overrideLabel.label),
        ),
      );
      this.activeSources.set(key, active);
    }
    return active;
  }

  /**
   * True when `subgraph` resolves the field in the same request that reached the object:
   * it owns the field without `@requires`, or a `@provides` covering this position lists it.
   */
  isLocal(subgraph: string, typeName: string, fieldName: string, provided?: SelectionSetNode): boolean {
    const source = this.sources(typeName, fieldName).get(subgraph);
    if (source && !needsInputs(source) && !source.viaInterfaceObject) return true;
    return provided !== undefined && this.providedSelections(provided, typeName, fieldName) !== undefined;
  }

  /**
   * The provided sub-selection of a field at a position: from an enclosing `@provides` when it
   * lists the field, else from the field's own `@provides` in this subgraph.
   */
  providedBelow(
    subgraph: string,
    typeName: string,
    fieldName: string,
    provided: SelectionSetNode | undefined,
  ): SelectionSetNode | undefined {
    const enclosing = provided && this.providedSelections(provided, typeName, fieldName);
    if (enclosing) return enclosing.selections.length > 0 ? enclosing : undefined;
    return this.sources(typeName, fieldName).get(subgraph)?.provides;
  }

  /** Merged sub-selections of `fieldName` in a provided selection set, or undefined when not listed. */
  private providedSelections(
    provided: SelectionSetNode,
    typeName: string,
    fieldName: string,
  ): SelectionSetNode | undefined {
    const found: SelectionNode[] = [];
    let listed = false;
    const visit = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value !== fieldName) continue;
          listed = true;
          if (selection.selectionSet) found.push(...selection.selectionSet.selections);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.typeConditionApplies(selection.typeCondition?.name.value, typeName)) {
            visit(selection.selectionSet);
          }
        }
      }
    };
    visit(provided);
    return listed ? { kind: Kind.SELECTION_SET, selections: found } : undefined;
  }

  /**
   * The type an entity of `concreteType` goes by in `subgraph`: itself when the subgraph defines it,
   * or an interface it implements that the subgraph declares as an `@interfaceObject`.
   */
  entityTypeIn(concreteType: string, subgraph: string): string | undefined {
    if (this.type(concreteType)?.subgraphs.has(subgraph)) return concreteType;
    const type = this.model.schema.getType(concreteType);
    if (!isObjectType(type)) return undefined;
    for (const iface of type.getInterfaces()) {
      if (this.type(iface.name)?.subgraphs.get(subgraph)?.isInterfaceObject) return iface.name;
    }
    return undefined;
  }

  /** Keys through which `subgraph` resolves entities of `entityType` (`resolvable: false` excluded). */
  resolvableKeys(entityType: string, subgraph: string): readonly EntityKey[] {
    return (
      this.type(entityType)
        ?.subgraphs.get(subgraph)
        ?.keys.filter((key) => key.resolvable) ?? []
    );
  }

  /**
   * True when `subgraph` can return every field of `selectionSet` (a key) for an object of
   * `typeName` without another fetch.
   */
  canProvide(
    subgraph: string,
    typeName: string,
    selectionSet: SelectionSetNode,
    provided: SelectionSetNode | undefined,
  ): boolean {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (
          this.typeConditionApplies(selection.typeCondition?.name.value, typeName) &&
          !this.canProvide(subgraph, typeName, selection.selectionSet, provided)
        ) {
          return false;
        }
        continue;
      }
      if (selection.kind !== Kind.FIELD) return false;
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (!this.isLocal(subgraph, typeName, name, provided)) return false;
      if (!selection.selectionSet) continue;
      const returnType = this.compositeReturnType(typeName, name);
      if (!returnType || !isObjectType(returnType)) continue;
      const below = this.providedBelow(subgraph, typeName, name, provided);
      if (!this.canProvide(subgraph, returnType.name, selection.selectionSet, below)) return false;
    }
    return true;
  }
}

/**
 * True when the subgraph resolves the field only with inputs from the gateway, sent in the
 * representations of an entity fetch: `@requires` fields, or `@fromContext` arguments.
 */
export function needsInputs(source: FieldSource): boolean {
  return source.requires !== undefined || source.contextArguments !== undefined;
}

/** Number of list levels in a type, for `@` segments of paths: `[[A!]]!` has 2. */
export function listDepth(type: GraphQLOutputType): number {
  let depth = 0;
  let current: GraphQLOutputType = type;
  while (isNonNullType(current) || isListType(current)) {
    if (isListType(current)) depth += 1;
    current = current.ofType;
  }
  return depth;
}
