import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { downstreamError, failedFetchError } from '../../../../gateway/src/executor/subgraph-errors.js';
import {
  EXPOSE_SUBGRAPH_ERRORS,
  exposeSubgraphErrors,
} from '../../../../gateway/src/security/subgraph-error-exposure.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';

const REDACT = { redact: true, allowedExtensions: ['retryable'], keepUncodedMessages: false };
const request = { requestId: 'req-1' };
const uncoded = () =>
  downstreamError(
    { message: 'boom at 10.0.0.5', extensions: { stacktrace: ['x'], retryable: false } },
    'pricing',
    ['product', 'price'],
  );

describe('exposeSubgraphErrors', () => {
  it('keeps code, serviceName and the allowed extensions; masks an uncoded message with the request id', () => {
    const [exposed] = exposeSubgraphErrors([uncoded()], REDACT, request);

    expect(exposed?.toJSON()).toEqual({
      message: "Subgraph 'pricing' reported an error (id: req-1).",
      path: ['product', 'price'],
      extensions: {
        code: 'DOWNSTREAM_SERVICE_ERROR',
        serviceName: 'pricing',
        retryable: false,
        requestId: 'req-1',
      },
    });
  });

  it('keeps the message of an error the subgraph coded, or of any when told to', () => {
    const coded = downstreamError(
      { message: 'No price.', extensions: { code: 'NOT_FOUND' } },
      'pricing',
      undefined,
    );

    expect(exposeSubgraphErrors([coded], REDACT, request)[0]?.message).toBe('No price.');
    expect(
      exposeSubgraphErrors([uncoded()], { ...REDACT, keepUncodedMessages: true }, request)[0]?.message,
    ).toBe('boom at 10.0.0.5');
  });

  it('tells a failed call in its own words, naming no address', () => {
    const failure = new UpstreamError(
      'SUBGRAPH_UNREACHABLE',
      "Subgraph 'pricing' is unreachable: connect ECONNREFUSED 10.0.0.5:4003",
      'pricing',
    );

    const [exposed] = exposeSubgraphErrors(
      [failedFetchError(failure, 'pricing', ['product'])],
      REDACT,
      request,
    );

    expect(exposed?.message).toBe("Subgraph 'pricing' could not be reached.");
    expect(exposed?.extensions).toEqual({
      code: 'SUBGRAPH_UNREACHABLE',
      serviceName: 'pricing',
      requestId: 'req-1',
    });
  });

  it('leaves errors about no subgraph, and everything in development, as they are', () => {
    const own = new GraphQLError('Variable "$x" is invalid.');
    const error = uncoded();

    expect(exposeSubgraphErrors([own], REDACT, request)[0]).toBe(own);
    expect(exposeSubgraphErrors([error], EXPOSE_SUBGRAPH_ERRORS, request)[0]).toBe(error);
  });
});
