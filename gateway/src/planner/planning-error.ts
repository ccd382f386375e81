import type { GraphQLError } from 'graphql';
import { QUERY_PLANNING_FAILED } from '../errors.js';
import { responseKeyOf } from './normalized-operation.js';

/**
 * An operation the planner cannot split over the subgraphs (the supergraph offers no way to
 * resolve it), or a planner failure. `fieldPath` names the field it could not reach by response
 * keys from the root (no list indices: no response exists yet).
 */
export class PlanningError extends Error {
  constructor(
    message: string,
    readonly fieldPath: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlanningError';
  }

  /** The error the client gets: `QUERY_PLANNING_FAILED`, with the field path when known. */
  toGraphQLError(): GraphQLError {
    return QUERY_PLANNING_FAILED.err(this.message, {
      ...(this.fieldPath.length > 0 && { extensions: { fieldPath: [...this.fieldPath] } }),
    });
  }
}

/**
 * A planner data path (`products.@.|[Book].reviews.@`) plus the field's response key, as response
 * keys from the root: list levels and type filters dropped, data keys turned into response keys.
 */
export function fieldPathOf(dataPath: readonly string[], responseKey: string): string[] {
  return [
    ...dataPath.filter((segment) => segment !== '@' && !segment.startsWith('|[')).map(responseKeyOf),
    responseKey,
  ];
}
