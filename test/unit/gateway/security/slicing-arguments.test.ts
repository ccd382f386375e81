import {
  buildSchema,
  type FieldNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { sizeArgument } from '../../../../gateway/src/security/slicing-arguments.js';

const schema = buildSchema('type Query { products(first: Int = 20): [String!]! }');
const definition = (schema.getQueryType() as GraphQLObjectType).getFields().products as NonNullable<
  ReturnType<GraphQLObjectType['getFields']>[string]
>;

function size(operation: string, variables?: Record<string, unknown>): number | undefined {
  const parsed = parse(operation).definitions[0] as OperationDefinitionNode;
  const field = parsed.selectionSet.selections[0] as FieldNode;
  return sizeArgument(field, definition, 'first', {
    variables,
    variableDefinitions: parsed.variableDefinitions ?? [],
  });
}

describe('sizeArgument', () => {
  it('reads a literal or a variable', () => {
    expect(size('{ products(first: 5) }')).toBe(5);
    expect(size('query ($n: Int) { products(first: $n) }', { n: 7 })).toBe(7);
  });

  it('takes the schema default when the argument is left out or given as null, as the subgraph does', () => {
    expect(size('{ products }')).toBe(20);
    expect(size('{ products(first: null) }')).toBe(20);
    expect(size('query ($n: Int) { products(first: $n) }', { n: null })).toBe(20);
  });
});
