import { BREAK, type DocumentNode, type FieldNode, Kind, type ValueNode, visit } from 'graphql';
import type { CostModel } from './cost-model.js';

/** The size arguments `estimateOperationCost` reads on a field without `@listSize`. */
const CONNECTION_SIZE_ARGUMENTS = ['first', 'last', 'limit'];

const sizeArgumentNames = new WeakMap<CostModel, ReadonlySet<string>>();

/**
 * Whether `estimateOperationCost` may read the request's variables for some operation of
 * `document`: a variable that is the value of a size argument (`first`, `last`, `limit`, or a
 * slicing argument of any `@listSize`), or, when the model weighs arguments, a variable anywhere
 * in a field's arguments. Names alone decide, whatever field they are on: never too few.
 */
export function estimateReadsVariables(document: DocumentNode, model: CostModel): boolean {
  const sizes = sizeArgumentsOf(model);
  return someField(document, (field) =>
    (field.arguments ?? []).some(
      (argument) =>
        (argument.value.kind === Kind.VARIABLE && sizes.has(argument.name.value)) ||
        (model.weighsArguments && holdsVariable(argument.value)),
    ),
  );
}

/**
 * Whether the `@cost` of arguments (`argumentsWeight`) may read the request's variables for some
 * operation of `document`: only when the model weighs arguments and some field argument holds one.
 */
export function argumentWeightsReadVariables(document: DocumentNode, model: CostModel): boolean {
  return (
    model.weighsArguments &&
    someField(document, (field) => (field.arguments ?? []).some((argument) => holdsVariable(argument.value)))
  );
}

function someField(document: DocumentNode, test: (field: FieldNode) => boolean): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      if (!test(field)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

function holdsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(holdsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => holdsVariable(field.value));
  return false;
}

function sizeArgumentsOf(model: CostModel): ReadonlySet<string> {
  const known = sizeArgumentNames.get(model);
  if (known) return known;
  const names = new Set(CONNECTION_SIZE_ARGUMENTS);
  for (const listSize of model.directives.listSizes.values()) {
    for (const argument of listSize.slicingArguments) names.add(argument);
  }
  sizeArgumentNames.set(model, names);
  return names;
}
