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
import {
  type CostlyKeyRead,
  generateObjectCost,
  type KeyValueCost,
  type ObjectCost,
  sumObjectCost,
} from './object-cost-code.js';
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
interface CostlyKey extends CostlyKeyRead {
  readonly cost: KeyCost;
}

/**
 * The keys of a selection that can cost anything. The walk reads these of each answer object,
 * rather than looking each of the object's keys up: most keys are scalars, free by default, and
 * the walk then skips them without a read.
 */
interface CostlyKeys {
  readonly list: readonly CostlyKey[];
  /** Objects measured with these keys, until their sum is generated (see `GENERATE_AFTER_OBJECTS`). */
  measured: number;
  /** The generated sum over these keys; null where code generation is disallowed or not worth it. */
  sum: ObjectCost<CostlyKey> | null | undefined;
}

/**
 * How many objects a list of keys measures with the generic walk before its sum is generated:
 * a list in use pays for its code (some tens of microseconds) at once, a list of a one-off
 * operation does not. Only lists of remembered measures are generated: a measure worked out
 * for one answer's variables is not kept.
 */
export const GENERATE_AFTER_OBJECTS = 100;

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
    readsVariables
      ? newOperationMeasure(document, operationName, model, { variables, kept: false })
      : newOperationMeasure(document, operationName, model, { kept: true }),
  );
}

function newOperationMeasure(
  document: DocumentNode,
  operationName: string | null,
  model: CostModel,
  use: {
    /** The answer's variables, when its argument weights read them. */
    variables?: Readonly<Record<string, unknown>> | null | undefined;
    /** Whether the measure is remembered for later answers. */
    kept: boolean;
  },
): OperationMeasure | undefined {
  const { variables } = use;
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
  const measure = new AnswerMeasure(model, fragments, context, use.kept);
  const rootType = model.schema.getRootType(operation.operation) ?? undefined;
  return { measure, keys: measure.keys([operation.selectionSet], rootType) };
}

class AnswerMeasure implements KeyValueCost<CostlyKey> {
  constructor(
    private readonly model: CostModel,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly context: ArgumentContext,
    /** Whether the measure is kept for later answers, so that its lists' sums are worth generating. */
    private readonly generates: boolean,
  ) {}

  object(value: Readonly<Record<string, unknown>>, keys: CostlyKeys): number {
    const sum = keys.sum;
    if (sum) return sum(value, this, keys.list);
    if (sum === undefined && this.generates && ++keys.measured >= GENERATE_AFTER_OBJECTS) {
      keys.sum = generateObjectCost(keys.list) ?? null;
    }
    return sumObjectCost(value, this, keys.list);
  }

  value(value: unknown, key: CostlyKey): number {
    const entry = key.cost;
    // Leaves first: most values are.
    if (typeof value !== 'object') return value === undefined ? 0 : entry.weight;
    if (value === null) return 0;
    if (Array.isArray(value)) {
      let sum = 0;
      for (let index = 0; index < value.length; index += 1) sum += this.value(value[index], key);
      return sum;
    }
    if (entry.selectionSets.length === 0) return entry.weight;
    entry.children ??= this.keys(entry.selectionSets, entry.type);
    return entry.weight + this.object(value as Record<string, unknown>, entry.children);
  }

  argumentWeight(key: CostlyKey): number {
    return key.cost.argumentWeight;
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
    return { list: costly, measured: 0, sum: undefined };
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
