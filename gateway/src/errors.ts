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
  const definition: ErrorCodeDefinition = {
    code,
    description,
    err: (message, options) =>
      new GraphQLError(message, { ...options, extensions: { ...options?.extensions, code } }),
  };
  catalogue.set(code, definition);
  return definition;
}

// Codes that @apollo/gateway or Apollo Router already define keep their names, so clients that
// move between gateways keep matching on them.
export const DOWNSTREAM_SERVICE_ERROR = errorCode(
  'DOWNSTREAM_SERVICE_ERROR',
  'A subgraph answered with a GraphQL error that carried no code of its own.',
);
export const SUBREQUEST_HTTP_ERROR = errorCode(
  'SUBREQUEST_HTTP_ERROR',
  'A subgraph answered with a non-2xx HTTP status; `extensions.http.status` holds it.',
);
export const GATEWAY_TIMEOUT = errorCode(
  'GATEWAY_TIMEOUT',
  'A subgraph did not answer within its own timeout.',
);
export const GRAPHQL_PARSE_FAILED = errorCode(
  'GRAPHQL_PARSE_FAILED',
  'The operation is not valid GraphQL syntax.',
);
export const GRAPHQL_VALIDATION_FAILED = errorCode(
  'GRAPHQL_VALIDATION_FAILED',
  'The operation does not validate against the API schema.',
);
export const INTERNAL_SERVER_ERROR = errorCode(
  'INTERNAL_SERVER_ERROR',
  'An unexpected failure inside the gateway.',
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

/** Every code the gateway can put in `extensions.code`, with its description (for docs and tests). */
export function errorCatalogue(): ErrorCodeDefinition[] {
  return [...catalogue.values()];
}
