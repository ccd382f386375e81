import type { GraphQLFormattedError } from 'graphql';
import { SUBGRAPH_BAD_RESPONSE } from '../errors.js';
import type { SubgraphResponse } from '../upstream/subgraph-client.js';
import { type DataObject, isDataObject } from './merge-data.js';

/** One entity as an `_entities` call returned it, with the errors whose path points into it. */
export interface EntityResult {
  readonly entity: DataObject | null;
  /** Errors re-pathed relative to the entity (the `_entities.<index>` prefix removed). */
  readonly errors: readonly GraphQLFormattedError[];
}

/** The entities asked for in one `_entities` field, one representation each. */
export interface EntitySet {
  readonly entities: readonly unknown[];
}

/** A response's errors by the `_entities` field (alias) they point into; the rest are about the call. */
export interface ErrorsByField {
  readonly byField: ReadonlyMap<string, readonly GraphQLFormattedError[]>;
  readonly unattributed: readonly GraphQLFormattedError[];
}

/** Sorts errors by the first segment of their path, when it is one of `fields`. */
export function splitErrorsByField(
  errors: readonly GraphQLFormattedError[] | undefined,
  fields: readonly string[],
): ErrorsByField {
  const byField = new Map<string, GraphQLFormattedError[]>();
  const unattributed: GraphQLFormattedError[] = [];
  for (const error of errors ?? []) {
    const head = error.path?.[0];
    if (typeof head === 'string' && fields.includes(head)) {
      const list = byField.get(head) ?? [];
      list.push(error);
      byField.set(head, list);
    } else {
      unattributed.push(error);
    }
  }
  return { byField, unattributed };
}

/** What one `_entities` field of a response gave. */
export interface FieldOutcome {
  /** True when the field held the list of entities. */
  readonly delivered: boolean;
  /** Errors about the field as a whole (its path names no entity). */
  readonly fieldErrors: readonly GraphQLFormattedError[];
  /** The result per representation; `callErrors` are attached to each when no list came back. */
  results(callErrors: readonly GraphQLFormattedError[]): (EntityResult | Error)[];
}

/**
 * Splits the `field` list of an `_entities` response into one result per representation, with the
 * errors whose path points into each (`errors`: those whose path starts at `field`).
 */
export function splitEntities(
  serviceName: string,
  count: number,
  response: SubgraphResponse,
  field: string,
  errors: readonly GraphQLFormattedError[] = NO_ERRORS,
): FieldOutcome {
  // Allocated at the first error only: most responses carry none.
  let perIndex: GraphQLFormattedError[][] | undefined;
  const aboutField: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const index = error.path?.[1];
    if (typeof index === 'number' && index >= 0 && index < count) {
      perIndex ??= Array.from({ length: count }, () => []);
      perIndex[index]?.push({ ...error, path: error.path?.slice(2) ?? [] });
    } else {
      aboutField.push(error);
    }
  }
  const errorsAt = (index: number): readonly GraphQLFormattedError[] => perIndex?.[index] ?? NO_ERRORS;
  const entities = isDataObject(response.data) ? response.data[field] : undefined;
  if (!Array.isArray(entities)) {
    return {
      delivered: false,
      fieldErrors: aboutField,
      results: (callErrors) => {
        const whole = [...aboutField, ...callErrors].map(({ path: _path, ...error }) => error);
        if (whole.length > 0 || perIndex) {
          // No entity came back: an error about the call as a whole is about every entity in it.
          return Array.from({ length: count }, (_, index) => ({
            entity: null,
            errors: [...errorsAt(index), ...whole],
          }));
        }
        const failure = badResponse(
          `Subgraph "${serviceName}" answered an entity fetch without an _entities list.`,
        );
        return Array.from({ length: count }, () => failure);
      },
    };
  }
  return {
    delivered: true,
    fieldErrors: aboutField,
    results: () => {
      if (entities.length !== count) {
        const failure = badResponse(
          `Subgraph "${serviceName}" returned ${entities.length} entities for ${count} representations.`,
        );
        return Array.from({ length: count }, () => failure);
      }
      const results: EntityResult[] = new Array(count);
      for (let index = 0; index < count; index += 1) {
        const entity = entities[index];
        results[index] = { entity: isDataObject(entity) ? entity : null, errors: errorsAt(index) };
      }
      return results;
    },
  };
}

const NO_ERRORS: readonly GraphQLFormattedError[] = Object.freeze([]);

function badResponse(message: string): Error {
  return Object.assign(new Error(message), { code: SUBGRAPH_BAD_RESPONSE.code });
}
