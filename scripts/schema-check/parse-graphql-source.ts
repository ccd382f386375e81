import { type DocumentNode, GraphQLError, parse, Source } from 'graphql';
import { InputError } from './input-error.js';

/**
 * Parses GraphQL text read from `sourceName` (a path or URL). A syntax error becomes an InputError
 * that names the source, line and column: `schema/product.graphql:3:7: Syntax Error: ...`.
 */
export function parseGraphQLSource(text: string, sourceName: string): DocumentNode {
  try {
    return parse(new Source(text, sourceName));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const location = error.locations?.[0];
    const where = location ? `${sourceName}:${location.line}:${location.column}` : sourceName;
    throw new InputError(`${where}: ${error.message}`);
  }
}
