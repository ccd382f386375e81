import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, RATE_LIMITED } from '../../../gateway/src/errors.js';

describe('errorCatalogue', () => {
  it('lists every code a client can see exactly once, each with a description', () => {
    const codes = errorCatalogue().map((definition) => definition.code);

    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual(
      [
        'AUTH_ERROR',
        'BAD_REQUEST',
        'BAD_USER_INPUT',
        'BATCH_TOO_LARGE',
        'BULKHEAD_FULL',
        'CIRCUIT_OPEN',
        'DEADLINE_EXCEEDED',
        'DOWNSTREAM_SERVICE_ERROR',
        'GATEWAY_TIMEOUT',
        'GRAPHQL_PARSE_FAILED',
        'GRAPHQL_VALIDATION_FAILED',
        'INTERNAL_SERVER_ERROR',
        'OPERATION_RESOLUTION_FAILURE',
        'OPERATION_TOO_COSTLY',
        'OPERATION_TOO_DEEP',
        'OPERATION_TOO_LARGE',
        'OPERATION_TOO_MANY_ALIASES',
        'OPERATION_TOO_MANY_FIELDS',
        'OPERATION_TOO_MANY_ROOT_FIELDS',
        'PERSISTED_QUERY_NOT_FOUND',
        'PLANNING_BUDGET_EXCEEDED',
        'QUERY_NOT_IN_SAFELIST',
        'QUERY_PLANNING_FAILED',
        'RATE_LIMITED',
        'SUBGRAPH_BAD_RESPONSE',
        'SUBGRAPH_UNREACHABLE',
        'SUBREQUEST_HTTP_ERROR',
        'SUBSCRIPTION_ENDED',
        'SUBSCRIPTION_INTERRUPTED',
        'SUBSCRIPTION_LIMIT',
        'SUBSCRIPTION_TRANSPORT_REQUIRED',
        'TOO_MANY_SUBGRAPH_REQUESTS',
        'UNAUTHORIZED_FIELD_OR_TYPE',
        'UNSUPPORTED_MEDIA_TYPE',
        'VARIABLES_STRING_TOO_LONG',
        'VARIABLES_TOO_DEEP',
      ].sort(),
    );
    for (const definition of errorCatalogue()) {
      expect(definition.description, definition.code).toMatch(/^[A-Z`].{20,}\.$/);
    }
  });

  it('builds errors that carry their code beside the extensions given', () => {
    const error = RATE_LIMITED.err('Too many requests.', { extensions: { retryAfterSeconds: 3 } });

    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 3 });
  });
});
