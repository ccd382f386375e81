import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DOWNSTREAM_SERVICE_ERROR, INTERNAL_SERVER_ERROR } from '../errors.js';
import { responseKeyOf } from '../planner/normalized-operation.js';
import type { FetchNode } from '../planner/query-plan.js';
import { matchTemplate, type ResponsePath } from './data-path.js';

/** Where an error about a subgraph came from: its own GraphQL error, or a call that failed. */
export type SubgraphErrorOrigin = 'subgraph-error' | 'failed-call';

const origins = new WeakMap<GraphQLError, { origin: SubgraphErrorOrigin; coded: boolean }>();

/**
 * Whether `error` is about a subgraph, and how: a subgraph's own error (`coded` when it carried a
 * code of its own) or a failed call. Undefined for every other error.
 */
export function subgraphErrorOrigin(
  error: GraphQLError,
): { origin: SubgraphErrorOrigin; coded: boolean } | undefined {
  return origins.get(error);
}

/**
 * A subgraph's GraphQL error as the client sees it: re-pathed to the client's response path,
 * with `extensions.serviceName`, keeping the subgraph's code or `DOWNSTREAM_SERVICE_ERROR`.
 */
export function downstreamError(
  error: GraphQLFormattedError,
  serviceName: string,
  path: ResponsePath | undefined,
  internalAliases?: Readonly<Record<string, string>>,
): GraphQLError {
  path = path && clientPath(path, internalAliases);
  const message = error.message || `Error while fetching subquery from service "${serviceName}"`;
  const extensions: Record<string, unknown> = { ...error.extensions, serviceName };
  const coded = typeof extensions.code === 'string';
  if (!coded) extensions.code = DOWNSTREAM_SERVICE_ERROR.code;
  const client = new GraphQLError(message, { ...(path && { path }), extensions });
  origins.set(client, { origin: 'subgraph-error', coded });
  return client;
}

/**
 * A subgraph error about a field the gateway fetched only to satisfy a `@requires`: it belongs to
 * the client fields that needed it, so it is repeated at each of their paths. Returns undefined
 * when the error is not about such a field.
 */
export function requirementErrors(
  error: GraphQLFormattedError,
  serviceName: string,
  path: ResponsePath,
  fetch: Pick<FetchNode, 'requirements'>,
): GraphQLError[] | undefined {
  for (const requirement of fetch.requirements ?? []) {
    const matched = matchTemplate(path, [...requirement.path, requirement.dataKey]);
    if (matched === undefined) continue;
    const objectPath = path.slice(0, matched - 1);
    return requirement.dependents.map((dependent) =>
      downstreamError(error, serviceName, [...objectPath, dependent]),
    );
  }
  return undefined;
}

/**
 * The error of a field whose fetch failed as a whole (the subgraph call rejected): the upstream
 * layer's catalogue code when it gave one, `INTERNAL_SERVER_ERROR` otherwise.
 */
export function failedFetchError(
  error: unknown,
  serviceName: string,
  path: ResponsePath | undefined,
): GraphQLError {
  const code = codeOf(error) ?? INTERNAL_SERVER_ERROR.code;
  const message = error instanceof Error ? error.message : `Request to subgraph "${serviceName}" failed.`;
  const httpStatus = (error as { details?: { httpStatus?: unknown } }).details?.httpStatus;
  // Not `extensions.http`: Apollo Server would turn that into the status of the whole response.
  const client = new GraphQLError(message, {
    ...(path && { path: clientPath(path) }),
    extensions: {
      code,
      serviceName,
      ...(typeof httpStatus === 'number' && { response: { status: httpStatus } }),
    },
  });
  origins.set(client, { origin: 'failed-call', coded: true });
  return client;
}

/** Gateway data paths name data keys: internal aliases and `__typename` aliases become client keys. */
function clientPath(path: ResponsePath, internalAliases?: Readonly<Record<string, string>>): ResponsePath {
  return path.map((segment) =>
    typeof segment === 'string' ? (internalAliases?.[segment] ?? responseKeyOf(segment)) : segment,
  );
}

/** Matches on `code`, not on classes: errors cross module boundaries (STYLE 5). */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** GraphQL errors a failed call still carried (a non-2xx answer with a GraphQL body). */
export function errorsCarriedBy(error: unknown): readonly GraphQLFormattedError[] {
  const response = (error as { details?: { response?: { errors?: unknown } } } | null)?.details?.response;
  return Array.isArray(response?.errors) ? (response.errors as GraphQLFormattedError[]) : [];
}
