import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString } from 'graphql';

const INTEGER = /^[-+]?\d+$/;

const BUILT_IN: Readonly<Record<string, (value: unknown) => boolean>> = {
  [GraphQLString.name]: (value) => typeof value === 'string',
  [GraphQLID.name]: (value) =>
    typeof value === 'string' || (typeof value === 'number' && INTEGER.test(String(value))),
  [GraphQLInt.name]: (value) => typeof value === 'number' && INTEGER.test(String(value)),
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
