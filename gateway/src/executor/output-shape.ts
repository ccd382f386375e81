import {
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { scalarValidator } from './leaf-values.js';

/**
 * A field's output type compiled once into plain data, so completing values needs no graphql-js
 * type checks (`isNonNullType` and friends are `instanceof` checks, costly per value).
 */
export type OutputShape =
  | { readonly kind: 'nonNull'; readonly of: OutputShape; readonly nullable: string }
  | { readonly kind: 'list'; readonly of: OutputShape }
  | { readonly kind: 'leaf'; readonly isValid: (value: unknown) => boolean }
  | { readonly kind: 'object'; readonly name: string }
  | {
      readonly kind: 'abstract';
      readonly name: string;
      /** Object types a value may be, by name. */
      readonly possible: ReadonlySet<string>;
    };

const shapes = new WeakMap<GraphQLSchema, WeakMap<GraphQLOutputType, OutputShape>>();

/** The compiled shape of an output type of `schema` (memoised per type). */
export function outputShape(schema: GraphQLSchema, type: GraphQLOutputType): OutputShape {
  let bySchema = shapes.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    shapes.set(schema, bySchema);
  }
  let shape = bySchema.get(type);
  if (!shape) {
    shape = compile(schema, type);
    bySchema.set(type, shape);
  }
  return shape;
}

function compile(schema: GraphQLSchema, type: GraphQLOutputType): OutputShape {
  if (isNonNullType(type)) {
    return { kind: 'nonNull', of: outputShape(schema, type.ofType), nullable: String(type.ofType) };
  }
  if (isListType(type)) return { kind: 'list', of: outputShape(schema, type.ofType) };
  if (isObjectType(type)) return { kind: 'object', name: type.name };
  if (isAbstractType(type)) {
    return {
      kind: 'abstract',
      name: type.name,
      possible: new Set(schema.getPossibleTypes(type).map((possible) => possible.name)),
    };
  }
  return { kind: 'leaf', isValid: leafValidator(type as GraphQLLeafType) };
}

function leafValidator(type: GraphQLLeafType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map((value) => value.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  return scalarValidator(type.name);
}
