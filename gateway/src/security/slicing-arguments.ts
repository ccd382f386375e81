import {
  type FieldNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { GRAPHQL_VALIDATION_FAILED } from '../errors.js';
import type { ListSizeDirective } from '../supergraph/cost-directives.js';

/** Where argument values come from besides the literal text: the request's variables. */
export interface ArgumentContext {
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly variableDefinitions: readonly VariableDefinitionNode[];
}

/** GraphQL `Int` is 32-bit; a larger size in the variables is refused later, but must not skew the sum. */
const MAX_INT = 2_147_483_647;

/** The field `name` of an object or interface type, if it has one. */
export function fieldDefinition(
  parentType: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (parentType && (isObjectType(parentType) || isInterfaceType(parentType))) {
    return parentType.getFields()[name];
  }
  return undefined;
}

/**
 * The value of a numeric argument as the field will see it: the literal, else the variable's
 * value or default, else (when absent or null) the argument's schema default; clamped to
 * 0..2^31-1. Undefined when it has none, as a slicing argument the operation does not use.
 */
export function sizeArgument(
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  name: string,
  context: ArgumentContext,
): number | undefined {
  const argument = node.arguments?.find((candidate) => candidate.name.value === name);
  let value = argument ? argumentValue(argument.value, context) : undefined;
  // An argument left out, or given a variable the request left out, takes its schema default; so
  // does an explicit null, to which a subgraph applies the same default page size (costing it as
  // DEFAULT_LIST_SIZE instead would let `first: null` fetch more than it pays for).
  if (value === undefined || value === null)
    value = definition.args.find((candidate) => candidate.name === name)?.defaultValue;
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  return Math.min(Math.max(0, value), MAX_INT);
}

/**
 * A literal Int, or a variable's value or its default in the operation; null when given as null,
 * undefined when the variable was left out and has no default.
 */
export function argumentValue(value: ValueNode, context: ArgumentContext): unknown {
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.NULL) return null;
  if (value.kind !== Kind.VARIABLE) return undefined;
  const name = value.name.value;
  const given = context.variables?.[name];
  if (given !== undefined) return given;
  const fallback = context.variableDefinitions.find(
    (definition) => definition.variable.name.value === name,
  )?.defaultValue;
  if (fallback === undefined) return undefined;
  return fallback.kind === Kind.INT ? Number.parseInt(fallback.value, 10) : null;
}

/** The refusal of a field that gives `given` of its slicing arguments where `@listSize` requires one. */
export function slicingProblem(
  node: FieldNode,
  parentType: string,
  listSize: ListSizeDirective,
  given: number,
): GraphQLError {
  const names = listSize.slicingArguments.join(', ');
  const which = listSize.slicingArguments.length === 1 ? `its argument ${names}` : `one of ${names}`;
  return GRAPHQL_VALIDATION_FAILED.err(
    `${parentType}.${node.name.value} needs exactly ${which} to size its list (@listSize requireOneSlicingArgument); the operation gives ${given === 0 ? 'none' : given}.`,
    { nodes: [node] },
  );
}
