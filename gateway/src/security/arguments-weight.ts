import {
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  getNullableType,
  isInputObjectType,
  isListType,
  valueFromASTUntyped,
} from 'graphql';
import type { CostModel } from './cost-model.js';
import type { ArgumentContext } from './slicing-arguments.js';

/**
 * The `@cost` the arguments of one field selection add: each argument given with a weight, and
 * each input field set inside its value (literal or from the variables) with a weight. It may be
 * negative (an argument that makes the work cheaper); the field's cost is never below zero.
 */
export function argumentsWeight(
  model: CostModel,
  node: FieldNode,
  parentType: string,
  definition: GraphQLField<unknown, unknown>,
  context: ArgumentContext,
): number {
  let sum = 0;
  for (const argument of node.arguments ?? []) {
    const name = argument.name.value;
    const argumentDefinition = definition.args.find((candidate) => candidate.name === name);
    if (!argumentDefinition) continue;
    sum += model.argumentWeight(`${parentType}.${definition.name}(${name}:)`) ?? 0;
    const value = valueFromASTUntyped(argument.value, context.variables ?? undefined);
    sum += inputWeight(model, argumentDefinition.type, value);
  }
  return sum;
}

function inputWeight(model: CostModel, type: GraphQLInputType, value: unknown): number {
  if (value === null || value === undefined) return 0;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    return items.reduce<number>((sum, item) => sum + inputWeight(model, nullable.ofType, item), 0);
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object') return 0;
  const fields = nullable.getFields();
  let sum = 0;
  for (const [name, fieldValue] of Object.entries(value)) {
    const field = fields[name];
    if (!field || fieldValue === undefined) continue;
    sum +=
      (model.argumentWeight(`${nullable.name}.${name}`) ?? 0) + inputWeight(model, field.type, fieldValue);
  }
  return sum;
}
