import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString } from 'graphql';

/**
 * An integral number that prints without an exponent (what `/^[-+]?\d+$/` accepts of
 * `String(value)`), tested without building the string: this runs for every Int of a response.
 */
const isPlainInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21;

const BUILT_IN: Readonly<Record<string, (value: unknown) => boolean>> = {
  [GraphQLString.name]: (value) => typeof value === 'string',
  [GraphQLID.name]: (value) => typeof value === 'string' || isPlainInteger(value),
  [GraphQLInt.name]: isPlainInteger,
  [GraphQLFloat.name]: (value) => typeof value === 'number' && Number.isFinite(value),
  [GraphQLBoolean.name]: (value) => typeof value === 'boolean',
};

const ANY = (): boolean => true;

/**
 * Whether a value a subgraph returned is acceptable for a scalar of the API schema: built-in
 * scalars must have the right JSON type; custom scalars accept anything.
 */
export function scalarValidator(scalarName: string): (value: unknown) => boolean {
  return BUILT_IN[scalarName] ?? ANY;
}
