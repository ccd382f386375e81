import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/** One entry of the gateway's error catalogue: a stable code and what it means. */
export interface ErrorCodeDefinition {
  readonly code: string;
  readonly description: string;
  /** Builds a GraphQLError carrying this code in `extensions.code`. */
  err(message: string, options?: GraphQLErrorOptions): GraphQLError;
}

const catalogue = new Map<string, ErrorCodeDefinition>();

function errorCode(code: string, description: string): ErrorCodeDefinition {
  if (catalogue.has(code)) throw new Error(`Error code ${code} is defined twice.`);
  const definition: ErrorCodeDefinition = {
    code,
    description,
    err: (message, options) =>
      new GraphQLError(message, { ...options, extensions: { ...options?.extensions, code } }),
  };
  catalogue.set(code, definition);
  return definition;
}

// Apollo Server's own codes, for requests it refuses before the gateway plans anything. Listed
// here so the catalogue names every code a client can see.
export const GRAPHQL_PARSE_FAILED = errorCode(
  'GRAPHQL_PARSE_FAILED',
  'The operation is not valid GraphQL syntax.',
);
export const GRAPHQL_VALIDATION_FAILED = errorCode(
  'GRAPHQL_VALIDATION_FAILED',
  'The operation does not validate against the API schema (introspection included, when it is off).',
);
export const BAD_USER_INPUT = errorCode('BAD_USER_INPUT', 'A variable value does not fit its declared type.');
export const OPERATION_RESOLUTION_FAILURE = errorCode(
  'OPERATION_RESOLUTION_FAILURE',
  'The document does not hold the operation the request names (or names none among several).',
);
export const BAD_REQUEST = errorCode(
  'BAD_REQUEST',
  'The HTTP request is not a GraphQL request the gateway accepts: body too large or too slow, invalid JSON or UTF-8, a possible CSRF attempt, a mutation over GET.',
);
export const PERSISTED_QUERY_NOT_FOUND = errorCode(
  'PERSISTED_QUERY_NOT_FOUND',
  'The request sent only the hash of an automatic persisted query the gateway does not know; resend it with the query text.',
);
export const INTERNAL_SERVER_ERROR = errorCode(
  'INTERNAL_SERVER_ERROR',
  'An unexpected failure inside the gateway; in production the message is replaced by `Internal server error (id: <x-request-id>)`.',
);

// Codes that @apollo/gateway or Apollo Router already define keep their names, so clients that
// move between gateways keep matching on them.
export const DOWNSTREAM_SERVICE_ERROR = errorCode(
  'DOWNSTREAM_SERVICE_ERROR',
  'A subgraph answered with a GraphQL error that carried no code of its own.',
);
export const SUBREQUEST_HTTP_ERROR = errorCode(
  'SUBREQUEST_HTTP_ERROR',
  "A subgraph answered with a non-2xx HTTP status: `extensions.http.status` (Apollo Router's shape) and `extensions.response.status` (@apollo/gateway's) hold it; the client's response stays HTTP 200.",
);
export const GATEWAY_TIMEOUT = errorCode(
  'GATEWAY_TIMEOUT',
  'A subgraph did not answer within its own timeout.',
);
export const QUERY_NOT_IN_SAFELIST = errorCode(
  'QUERY_NOT_IN_SAFELIST',
  'Only trusted documents are served, and this operation text is not one of them.',
);
export const UNAUTHORIZED_FIELD_OR_TYPE = errorCode(
  'UNAUTHORIZED_FIELD_OR_TYPE',
  'The client may not see this field or its type (`@authenticated`, `@requiresScopes`, `@policy`): it is null and was never fetched; with `AUTH_REJECT_UNAUTHORIZED` the whole operation is refused.',
);
export const AUTH_ERROR = errorCode(
  'AUTH_ERROR',
  'The request carries a token that failed verification (signature, expiry, issuer, audience, algorithm) and `AUTH_REJECT_INVALID_TOKEN` refuses such requests.',
);

// Ours, for situations the Apollo codes do not cover.
export const DEADLINE_EXCEEDED = errorCode(
  'DEADLINE_EXCEEDED',
  "The request's deadline passed before this part of the response was fetched.",
);
export const CIRCUIT_OPEN = errorCode(
  'CIRCUIT_OPEN',
  'Calls to the subgraph are suspended by its circuit breaker after repeated failures.',
);
export const BULKHEAD_FULL = errorCode(
  'BULKHEAD_FULL',
  'The subgraph already has as many calls in flight and queued as its bulkhead allows.',
);
export const SUBGRAPH_BAD_RESPONSE = errorCode(
  'SUBGRAPH_BAD_RESPONSE',
  'A subgraph answered with a body that is not a GraphQL response (malformed JSON, wrong shape, too large).',
);
export const SUBGRAPH_UNREACHABLE = errorCode(
  'SUBGRAPH_UNREACHABLE',
  'The gateway could not connect to the subgraph (refused, reset, DNS failure).',
);

export const QUERY_PLANNING_FAILED = errorCode(
  'QUERY_PLANNING_FAILED',
  'The gateway found no way to split the operation over the subgraphs; `extensions.fieldPath` names the field it could not reach (response keys from the root). The operation is not executed.',
);
export const PLANNING_BUDGET_EXCEEDED = errorCode(
  'PLANNING_BUDGET_EXCEEDED',
  'Planning the operation would take more steps than `MAX_PLANNING_STEPS` allows (`extensions.limit`); it is refused with HTTP 400 and not executed.',
);

// Security refusals. Limits carry `extensions.limit` and `extensions.measured`.
export const OPERATION_TOO_LARGE = errorCode(
  'OPERATION_TOO_LARGE',
  'The operation text is longer (in bytes or lexical tokens) than the gateway accepts.',
);
export const OPERATION_TOO_DEEP = errorCode(
  'OPERATION_TOO_DEEP',
  'The operation nests fields (or brackets) deeper than the gateway accepts.',
);
export const OPERATION_TOO_MANY_ALIASES = errorCode(
  'OPERATION_TOO_MANY_ALIASES',
  'The operation has more aliases than the gateway accepts, counted as written: each fragment once.',
);
export const OPERATION_TOO_MANY_ROOT_FIELDS = errorCode(
  'OPERATION_TOO_MANY_ROOT_FIELDS',
  'The operation selects more root fields than the gateway accepts.',
);
export const OPERATION_TOO_MANY_FIELDS = errorCode(
  'OPERATION_TOO_MANY_FIELDS',
  'The operation selects more fields than the gateway accepts, fragments expanded.',
);
export const OPERATION_TOO_COSTLY = errorCode(
  'OPERATION_TOO_COSTLY',
  "The operation's estimated cost, the values its answer would hold (weighted by `@cost`, lists by `@listSize` or assumed sizes), is over the limit.",
);
export const VARIABLES_TOO_DEEP = errorCode(
  'VARIABLES_TOO_DEEP',
  'A variable value nests objects or lists deeper than the gateway accepts.',
);
export const VARIABLES_STRING_TOO_LONG = errorCode(
  'VARIABLES_STRING_TOO_LONG',
  'A string in the variables is longer than the gateway accepts.',
);
export const BATCH_TOO_LARGE = errorCode(
  'BATCH_TOO_LARGE',
  'The request body is an array of more operations than the gateway accepts (0: batching is off).',
);
export const UNSUPPORTED_MEDIA_TYPE = errorCode(
  'UNSUPPORTED_MEDIA_TYPE',
  'A POST body was sent with a Content-Type other than application/json.',
);
export const TOO_MANY_SUBGRAPH_REQUESTS = errorCode(
  'TOO_MANY_SUBGRAPH_REQUESTS',
  "The operation's plan would send more subgraph requests than `MAX_SUBGRAPH_REQUESTS` allows; it is refused before anything is sent.",
);
export const RATE_LIMITED = errorCode(
  'RATE_LIMITED',
  'The client sent more requests than its rate limit allows; `Retry-After` says when to try again.',
);
export const SUBSCRIPTION_TRANSPORT_REQUIRED = errorCode(
  'SUBSCRIPTION_TRANSPORT_REQUIRED',
  'A subscription came as a plain request: subscribe over WebSocket (graphql-ws) or with `Accept: multipart/mixed;subscriptionSpec="1.0"`.',
);
export const SUBSCRIPTION_LIMIT = errorCode(
  'SUBSCRIPTION_LIMIT',
  'The connection, or the gateway, holds as many subscriptions as its settings allow.',
);
export const SUBSCRIPTION_INTERRUPTED = errorCode(
  'SUBSCRIPTION_INTERRUPTED',
  'The subgraph serving a subscription dropped its connection; the gateway reconnects with backoff, and events resume once it is back (events in between are missed).',
);
export const SUBSCRIPTION_ENDED = errorCode(
  'SUBSCRIPTION_ENDED',
  'The gateway ended a subscription: it is shutting down, the client fell too far behind, the token expired, or the subgraph stopped the stream.',
);

/** Every code the gateway can put in `extensions.code`, with its description (for docs and tests). */
export function errorCatalogue(): ErrorCodeDefinition[] {
  return [...catalogue.values()];
}
