import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { ListSizeDirective } from '../supergraph/cost-directives.js';
import { argumentsWeight } from './arguments-weight.js';
import type { CostModel } from './cost-model.js';
import { fieldDefinition, sizeArgument, slicingProblem } from './slicing-arguments.js';

/** The estimated cost of an operation, and the `@listSize` rule it breaks, if any. */
export interface CostEstimate {
  /** Estimated cost of the answer; `Infinity` when beyond counting. */
  cost: number;
  /** A field that gives none or several of its slicing arguments where `@listSize` requires one. */
  problem?: GraphQLError;
}

/** What the estimate depends on besides the document. */
export interface EstimateOptions {
  model: CostModel;
  /** The operation to estimate; without it the document's only operation (or the costliest). */
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * Sizes the lists of the selections beneath a field: those named by its `@listSize(sizedFields:)`,
 * or, for a field without the directive but with a `first`/`last`/`limit` argument (a connection
 * by its argument's name), every list just beneath.
 */
interface SizeHint {
  readonly fields: ReadonlySet<string> | undefined;
  readonly size: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Estimates what the answer to an operation will cost without executing it, the IBM cost
 * specification's static analysis: each value costs its weight (`CostModel`), each list the size
 * its `@listSize` gives (a slicing argument's value, at most its `assumedSize`; else its
 * `assumedSize`), a `first`/`last`/`limit` argument where the field has no `@listSize`, or the
 * assumed default; nested lists multiply, arguments add their `@cost`. Fragments are estimated
 * once per context, so a fragment bomb costs linear work; a spread cycle counts as empty.
 */
export function estimateOperationCost(document: DocumentNode, options: EstimateOptions): CostEstimate {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (options.operationName == null || definition.name?.value === options.operationName),
  );
  const estimator = new CostEstimator(document, options);
  let cost = 0;
  for (const operation of operations) cost = Math.max(cost, estimator.estimate(operation));
  return estimator.problem ? { cost, problem: estimator.problem } : { cost };
}

class CostEstimator {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #estimates = new Map<string, number>();
  readonly #inProgress = new Set<string>();
  readonly #model: CostModel;
  #variableDefinitions: readonly VariableDefinitionNode[] = [];
  problem: GraphQLError | undefined;

  constructor(
    document: DocumentNode,
    private readonly options: EstimateOptions,
  ) {
    this.#model = options.model;
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        this.#fragments.set(definition.name.value, definition);
    }
  }

  estimate(operation: OperationDefinitionNode): number {
    this.#variableDefinitions = operation.variableDefinitions ?? [];
    // Estimates depend on the operation's variables, so they are not shared between operations.
    this.#estimates.clear();
    const rootType = this.#model.schema.getRootType(operation.operation) ?? undefined;
    return this.#selectionSet(operation.selectionSet, rootType, undefined);
  }

  #selectionSet(
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    hint: SizeHint | undefined,
  ): number {
    let sum = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        sum += this.#field(selection, parentType, hint);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName === undefined ? parentType : this.#model.schema.getType(typeName);
        sum += this.#selectionSet(selection.selectionSet, type ?? undefined, hint);
      } else {
        sum += this.#fragment(selection.name.value, hint);
      }
    }
    return sum;
  }

  #fragment(name: string, hint: SizeHint | undefined): number {
    const key = `${name}\u0000${hint ? `${hint.size}:${hint.fields ? [...hint.fields].join(',') : '*'}` : ''}`;
    const known = this.#estimates.get(key);
    if (known !== undefined) return known;
    const fragment = this.#fragments.get(name);
    if (!fragment || this.#inProgress.has(key)) return 0;
    this.#inProgress.add(key);
    const type = this.#model.schema.getType(fragment.typeCondition.name.value) ?? undefined;
    const estimate = this.#selectionSet(fragment.selectionSet, type, hint);
    this.#inProgress.delete(key);
    this.#estimates.set(key, estimate);
    return estimate;
  }

  #field(node: FieldNode, parentType: GraphQLNamedType | undefined, hint: SizeHint | undefined): number {
    const name = node.name.value;
    if (INTROSPECTION_ROOTS.has(name)) return 0;
    const model = this.#model;
    const definition = fieldDefinition(parentType, name);
    if (!parentType || !definition) {
      // `__typename`, or a field validation would have refused.
      const children = node.selectionSet ? this.#selectionSet(node.selectionSet, undefined, undefined) : 0;
      return (node.selectionSet ? model.weights.objectWeight : model.weights.scalarWeight) + children;
    }
    const listSize = model.listSize(parentType.name, name);
    let multiplier = 1;
    let type = getNullableType(definition.type);
    let childHint: SizeHint | undefined;
    if (isListType(type)) {
      multiplier = this.#listSize(node, definition, parentType.name, listSize, hint);
      type = getNullableType(type.ofType);
      // A list of lists: only the outer one has a size argument.
      while (isListType(type)) {
        multiplier *= model.weights.defaultListSize;
        type = getNullableType(type.ofType);
      }
    }
    if (listSize && listSize.sizedFields.length > 0) {
      childHint = {
        fields: new Set(listSize.sizedFields),
        size: this.#slicedSize(node, definition, parentType.name, listSize),
      };
    } else if (!listSize && !isListType(getNullableType(definition.type))) {
      const size = this.#sizeArgument(node, definition);
      if (size !== undefined) childHint = { fields: undefined, size };
    }
    const children = node.selectionSet
      ? this.#selectionSet(node.selectionSet, getNamedType(definition.type), childHint)
      : 0;
    const own = Math.max(0, model.fieldWeight(parentType.name, definition)) + children;
    const argumentWeight = model.weighsArguments
      ? argumentsWeight(model, node, parentType.name, definition, this.#argumentContext())
      : 0;
    // 0 * Infinity is NaN, and NaN compares as within any limit.
    const total = multiplier === 0 || own === 0 ? 0 : multiplier * own;
    return Math.max(0, total + argumentWeight);
  }

  /** How many items a list field returns, by the rules in `estimateOperationCost`. */
  #listSize(
    node: FieldNode,
    definition: GraphQLField<unknown, unknown>,
    parentType: string,
    listSize: ListSizeDirective | undefined,
    hint: SizeHint | undefined,
  ): number {
    const name = node.name.value;
    if (hint?.fields?.has(name)) return hint.size;
    if (listSize && listSize.sizedFields.length === 0) {
      return this.#slicedSize(node, definition, parentType, listSize);
    }
    if (!listSize) {
      const size = this.#sizeArgument(node, definition);
      if (size !== undefined) return size;
      if (hint && hint.fields === undefined) return hint.size;
    }
    return this.#model.weights.defaultListSize;
  }

  /** The size a `@listSize` gives: its slicing argument's value (at most `assumedSize`), else `assumedSize`. */
  #slicedSize(
    node: FieldNode,
    definition: GraphQLField<unknown, unknown>,
    parentType: string,
    listSize: ListSizeDirective,
  ): number {
    const context = this.#argumentContext();
    const given = listSize.slicingArguments.flatMap((argument) => {
      const size = sizeArgument(node, definition, argument, context);
      return size === undefined ? [] : [size];
    });
    if (listSize.requireOneSlicingArgument && listSize.slicingArguments.length > 0 && given.length !== 1) {
      this.problem ??= slicingProblem(node, parentType, listSize, given.length);
    }
    if (given.length === 0) return listSize.assumedSize ?? this.#model.weights.defaultListSize;
    const size = Math.max(...given);
    // assumedSize is the most items the field ever returns: a larger page is cut to it.
    return listSize.assumedSize === undefined ? size : Math.min(size, listSize.assumedSize);
  }

  /** The largest `first`/`last`/`limit` of a field without `@listSize`, the sizes clients expect. */
  #sizeArgument(node: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
    let size: number | undefined;
    const context = this.#argumentContext();
    for (const name of ['first', 'last', 'limit']) {
      const value = sizeArgument(node, definition, name, context);
      if (value !== undefined) size = Math.max(size ?? 0, value);
    }
    return size;
  }

  #argumentContext() {
    return { variables: this.options.variables ?? undefined, variableDefinitions: this.#variableDefinitions };
  }
}
