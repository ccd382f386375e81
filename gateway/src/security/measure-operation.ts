import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** What one operation asks for, fragments expanded. */
export interface OperationMeasurements {
  /** Fields on the longest path: `{ a { b } }` is 2. Introspection (`__schema`, `__type`) is left out. */
  depth: number;
  /** Field selections with an alias. */
  aliases: number;
  /** Field selections on the root type. */
  rootFields: number;
  /** Field selections in all. */
  fields: number;
  /**
   * Estimated fields in the response: each field costs 1 times the sizes of the lists around it.
   * A list's size is its `first`/`last`/`limit` argument (literal, variable or schema default), else
   * `defaultListSize`; a non-list field with such an argument (a connection) sizes the lists just
   * beneath it. Introspection is left out.
   */
  cost: number;
}

/** What the measurement needs besides the document. */
export interface MeasureOptions {
  /** The operation to measure; without it the document's only operation (or the largest of each). */
  operationName?: string | null;
  /** The API schema: tells lists from objects and supplies argument defaults. */
  schema?: GraphQLSchema;
  variables?: Readonly<Record<string, unknown>>;
  /** Size assumed for a list with no size argument. */
  defaultListSize: number;
}

const SLICING_ARGUMENTS = ['first', 'last', 'limit'];
/** GraphQL `Int` is 32-bit; a larger size in the variables is refused later, but must not skew the sum. */
const MAX_INT = 2_147_483_647;
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** A selection set summarised relative to itself: depth is its height, cost is at multiplier 1. */
interface Summary {
  depth: number;
  aliases: number;
  fields: number;
  topFields: number;
  cost: number;
}

const EMPTY: Summary = { depth: 0, aliases: 0, fields: 0, topFields: 0, cost: 0 };

/**
 * Measures an operation without executing it. Each fragment is summarised once per context and
 * reused, so fragments that spread each other twice per level cost linear work; a fragment that
 * spreads itself (a validation error) counts as empty instead of recursing forever. The walk
 * recurses once per nesting level, as graphql-js validation does before it.
 */
export function measureOperation(document: DocumentNode, options: MeasureOptions): OperationMeasurements {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen =
    options.operationName == null
      ? operations
      : operations.filter((operation) => operation.name?.value === options.operationName);
  const walker = new OperationWalker(document, options);
  const total: OperationMeasurements = { depth: 0, aliases: 0, rootFields: 0, fields: 0, cost: 0 };
  for (const operation of chosen) {
    const summary = walker.measure(operation);
    total.depth = Math.max(total.depth, summary.depth);
    total.aliases = Math.max(total.aliases, summary.aliases);
    total.rootFields = Math.max(total.rootFields, summary.topFields);
    total.fields = Math.max(total.fields, summary.fields);
    total.cost = Math.max(total.cost, summary.cost);
  }
  return total;
}

class OperationWalker {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #summaries = new Map<string, Summary>();
  readonly #inProgress = new Set<string>();
  #variableDefinitions: readonly VariableDefinitionNode[] = [];

  constructor(
    document: DocumentNode,
    private readonly options: MeasureOptions,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        this.#fragments.set(definition.name.value, definition);
    }
  }

  measure(operation: OperationDefinitionNode): Summary {
    this.#variableDefinitions = operation.variableDefinitions ?? [];
    // Summaries depend on the operation's variables, so they are not shared between operations.
    this.#summaries.clear();
    const rootType = this.options.schema?.getRootType(operation.operation) ?? undefined;
    return this.#selectionSet(operation.selectionSet, rootType, undefined);
  }

  #selectionSet(
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    connectionSize: number | undefined,
  ): Summary {
    const sum: Summary = { ...EMPTY };
    for (const selection of selectionSet.selections) {
      let part: Summary;
      if (selection.kind === Kind.FIELD) {
        part = this.#field(selection, parentType, connectionSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName === undefined ? parentType : this.options.schema?.getType(typeName);
        part = this.#selectionSet(selection.selectionSet, type ?? undefined, connectionSize);
      } else {
        part = this.#fragment(selection.name.value, connectionSize);
      }
      sum.depth = Math.max(sum.depth, part.depth);
      sum.aliases += part.aliases;
      sum.fields += part.fields;
      sum.topFields += part.topFields;
      sum.cost += part.cost;
    }
    return sum;
  }

  #fragment(name: string, connectionSize: number | undefined): Summary {
    const key = `${name}\u0000${connectionSize ?? ''}`;
    const known = this.#summaries.get(key);
    if (known) return known;
    const fragment = this.#fragments.get(name);
    if (!fragment || this.#inProgress.has(key)) return EMPTY;
    this.#inProgress.add(key);
    const type = this.options.schema?.getType(fragment.typeCondition.name.value) ?? undefined;
    const summary = this.#selectionSet(fragment.selectionSet, type, connectionSize);
    this.#inProgress.delete(key);
    this.#summaries.set(key, summary);
    return summary;
  }

  #field(
    node: FieldNode,
    parentType: GraphQLNamedType | undefined,
    connectionSize: number | undefined,
  ): Summary {
    const alias = node.alias ? 1 : 0;
    const definition = fieldDefinition(parentType, node.name.value);
    const introspection = INTROSPECTION_ROOTS.has(node.name.value);
    if (!node.selectionSet) {
      return { depth: introspection ? 0 : 1, aliases: alias, fields: 1, topFields: 1, cost: 1 };
    }
    const sliceSize = this.#sliceSize(node, definition);
    const returnType = definition?.type;
    let multiplier = 1;
    let childConnectionSize: number | undefined;
    if (returnType !== undefined) {
      let type = getNullableType(returnType);
      let outerList = true;
      while (isListType(type)) {
        multiplier *= outerList
          ? (sliceSize ?? connectionSize ?? this.options.defaultListSize)
          : this.options.defaultListSize;
        outerList = false;
        type = getNullableType(type.ofType);
      }
      if (outerList) childConnectionSize = sliceSize;
    } else if (sliceSize !== undefined) {
      multiplier = sliceSize;
    }
    const childType = returnType === undefined ? undefined : getNamedType(returnType);
    const children = this.#selectionSet(node.selectionSet, childType, childConnectionSize);
    if (introspection) {
      return {
        depth: 0,
        aliases: alias + children.aliases,
        fields: 1 + children.fields,
        topFields: 1,
        cost: 0,
      };
    }
    return {
      depth: 1 + children.depth,
      aliases: alias + children.aliases,
      fields: 1 + children.fields,
      topFields: 1,
      // 0 * Infinity is NaN, and NaN compares as within any limit.
      cost: children.cost === 0 ? 1 : 1 + multiplier * children.cost,
    };
  }

  /** The largest slicing argument of a field, from the query, its variables or the schema default. */
  #sliceSize(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | undefined {
    let size: number | undefined;
    for (const name of SLICING_ARGUMENTS) {
      const argument = node.arguments?.find((candidate) => candidate.name.value === name);
      const value = argument
        ? this.#argumentValue(argument.value)
        : definition?.args.find((candidate) => candidate.name === name)?.defaultValue;
      if (typeof value === 'number' && !Number.isNaN(value)) {
        size = Math.max(size ?? 0, Math.min(Math.max(0, value), MAX_INT));
      }
    }
    return size;
  }

  #argumentValue(value: ValueNode): unknown {
    if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
    if (value.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    const given = this.options.variables?.[name];
    if (given !== undefined && given !== null) return given;
    const fallback = this.#variableDefinitions.find(
      (definition) => definition.variable.name.value === name,
    )?.defaultValue;
    return fallback?.kind === Kind.INT ? Number.parseInt(fallback.value, 10) : undefined;
  }
}

function fieldDefinition(
  parentType: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (parentType && (isObjectType(parentType) || isInterfaceType(parentType))) {
    return parentType.getFields()[name];
  }
  return undefined;
}
