import { GraphQLError } from 'graphql';

/** A supergraph that cannot be read or understood; the message names the source and the problem. */
export class SupergraphError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`Supergraph ${source}: ${problem}`);
    this.name = 'SupergraphError';
  }

  /** Wraps a graphql-js error (syntax, schema building), keeping its line and column. */
  static fromGraphQLError(source: string, error: unknown): SupergraphError {
    if (error instanceof GraphQLError) {
      const location = error.locations?.[0];
      const where = location ? ` (line ${location.line}, column ${location.column})` : '';
      return new SupergraphError(source, `${error.message}${where}`);
    }
    return new SupergraphError(source, error instanceof Error ? error.message : String(error));
  }
}
