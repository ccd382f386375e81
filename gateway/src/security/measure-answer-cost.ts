import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { argumentsWeight } from './arguments-weight.js';
import type { CostModel } from './cost-model.js';
import { argumentWeightsReadVariables } from './cost-variables.js';
import { PerDocumentMemo } from './per-document-memo.js';
import { type ArgumentContext, fieldDefinition } from './slicing-arguments.js';

/** What one response key of a selection set weighs and what lies beneath it. */
interface KeyCost {
  /** Weight of each value, the field's or its type's `@cost`. */
  readonly weight: number;
  /** What the field's arguments add, once per object holding the key. */
  readonly argumentWeight: number;
  /** Type of the values, for their own selections. */
  readonly type: GraphQLNamedType | undefined;
  /** Every selection set merged under this key (a field selected twice is one field). */
  readonly selectionSets: SelectionSetNode[];
  /** Response keys of the merged selection sets, worked out on first use. */
  children?: CostlyKeys;
}

/** Response keys to their cost, while a selection's keys are gathered. */
type KeyCosts = Record<string, KeyCost | undefined>;

/** A response key whose values can cost anything: what the walk reads of each object. */
interface CostlyKey {
  readonly key: string;
  readonly cost: KeyCost;
  /** Named like a property every object inherits (`constructor`, `toString`): read only as the answer's own. */
  readonly inherited: boolean;
}

/**
 * The keys of a selection that can cost anything. The walk reads these of each answer object,
 * rather than looking each of the object's keys up: most keys are scalars, free by default, and
 * the walk then skips them without a read.
 */
type CostlyKeys = readonly CostlyKey[];

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** An operation's root keys, ready to measure answers. */
interface OperationMeasure {
  readonly measure: AnswerMeasure;
  readonly keys: CostlyKeys;
}

/**
 * The measures of the documents answered: by document, cost model and operation name (null: the
 * document's first operation), their children filling in as answers need them. Argument weights
 * that read the variables are worked out for each answer.
 */
const operationMeasures = new PerDocumentMemo<OperationMeasure | undefined>({
  readsVariables: argumentWeightsReadVariables,
  keep: (measure) => measure !== undefined,
});

/**
 * What an answer actually costs, the IBM cost specification's response analysis: the values in
 * `data`, each at the weight the estimate gives it, lists at their real length, nulls free. With
 * the same weights as `estimateOperationCost`, it is what the estimate would have been had every
 * list size been known. Introspection is free, as in the estimate. The weights of each response
 * key are worked out once per document, operation and model, unless they depend on the variables.
 */
export function measureAnswerCost(
  answer: {
    document: DocumentNode;
    operationName?: string | null;
    variables?: Readonly<Record<string, unknown>> | null;
    data: Readonly<Record<string, unknown>> | null | undefined;
  },
  model: CostModel,
): number {
  if (!answer.data) return 0;
  const operation = operationMeasure(answer, model);
  return operation ? operation.measure.object(answer.data, operation.keys) : 0;
}

function operationMeasure(
  answer: {
    document: DocumentNode;
    operationName?: string | null;
    variables?: Readonly<Record<string, unknown>> | null;
  },
  model: CostModel,
): OperationMeasure | undefined {
  const { document, variables } = answer;
  const operationName = answer.operationName ?? null;
  // A remembered measure must not keep one answer's variables alive: it reads none.
  return operationMeasures.get(document, model, operationName, (readsVariables) =>
    newOperationMeasure(document, operationName, model, readsVariables ? variables : undefined),
  );
}

function newOperationMeasure(
  document: DocumentNode,
  operationName: string | null,
  model: CostModel,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): OperationMeasure | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (operationName === null || definition.name?.value === operationName),
  );
  if (!operation) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const context = {
    variables: variables ?? undefined,
    variableDefinitions: operation.variableDefinitions ?? [],
  };
  const measure = new AnswerMeasure(model, fragments, context);
  const rootType = model.schema.getRootType(operation.operation) ?? undefined;
  return { measure, keys: measure.keys([operation.selectionSet], rootType) };
}

class AnswerMeasure {
  constructor(
    private readonly model: CostModel,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly context: ArgumentContext,
  ) {}

  object(value: Readonly<Record<string, unknown>>, keys: CostlyKeys): number {
    let sum = 0;
    for (let index = 0; index < keys.length; index += 1) {
      const { key, cost: entry, inherited } = keys[index] as CostlyKey;
      const field = inherited && !Object.hasOwn(value, key) ? undefined : value[key];
      // Absent from the answer (another type's fragment, or a key an error left out): nothing to count.
      if (field === undefined) continue;
      const cost = this.value(field, entry) + entry.argumentWeight;
      // Never below zero; `!(cost <= 0)` keeps a NaN, as Math.max(0, cost) would.
      if (!(cost <= 0)) sum += cost;
    }
    return sum;
  }

  value(value: unknown, entry: KeyCost): number {
    // Leaves first: most values are.
    if (typeof value !== 'object') return value === undefined ? 0 : entry.weight;
    if (value === null) return 0;
    if (Array.isArray(value)) {
      let sum = 0;
      for (let index = 0; index < value.length; index += 1) sum += this.value(value[index], entry);
      return sum;
    }
    if (entry.selectionSets.length === 0) return entry.weight;
    entry.children ??= this.keys(entry.selectionSets, entry.type);
    return entry.weight + this.object(value as Record<string, unknown>, entry.children);
  }

  /**
   * The costly response keys of selection sets on `type`, fragments followed whatever their type
   * condition: those whose values weigh something, take weighed arguments or hold selections.
   */
  keys(selectionSets: readonly SelectionSetNode[], type: GraphQLNamedType | undefined): CostlyKeys {
    const keys: KeyCosts = Object.create(null);
    const visited = new Set<string>();
    const collect = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          this.#addField(keys, selection, parentType);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition?.name.value;
          collect(selection.selectionSet, condition ? this.model.schema.getType(condition) : parentType);
        } else if (!visited.has(selection.name.value)) {
          visited.add(selection.name.value);
          const fragment = this.fragments.get(selection.name.value);
          if (fragment)
            collect(fragment.selectionSet, this.model.schema.getType(fragment.typeCondition.name.value));
        }
      }
    };
    for (const selectionSet of selectionSets) collect(selectionSet, type);
    const costly: CostlyKey[] = [];
    for (const key in keys) {
      const cost = keys[key] as KeyCost;
      if (cost.weight === 0 && cost.argumentWeight === 0 && cost.selectionSets.length === 0) continue;
      costly.push({ key, cost, inherited: key in Object.prototype });
    }
    return costly;
  }

  #addField(keys: KeyCosts, node: FieldNode, parentType: GraphQLNamedType | undefined) {
    const key = node.alias?.value ?? node.name.value;
    const known = keys[key];
    if (known) {
      if (node.selectionSet) known.selectionSets.push(node.selectionSet);
      return;
    }
    const definition = fieldDefinition(parentType, node.name.value);
    const free = INTROSPECTION_ROOTS.has(node.name.value);
    const weight = free
      ? 0
      : definition && parentType
        ? Math.max(0, this.model.fieldWeight(parentType.name, definition))
        : this.model.weights.scalarWeight;
    const weighed = definition && parentType && this.model.weighsArguments;
    keys[key] = {
      weight,
      argumentWeight: weighed
        ? argumentsWeight(this.model, node, parentType.name, definition, this.context)
        : 0,
      type: definition ? getNamedType(definition.type) : undefined,
      // Introspection answers are not walked: they cost nothing.
      selectionSets: node.selectionSet && !free ? [node.selectionSet] : [],
    };
  }
}
