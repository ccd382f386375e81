import { BrokenCircuitError, BulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import {
  isBreakerFailure,
  isRetryable,
  toUpstreamError,
} from '../../../../gateway/src/upstream/failure-kinds.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';

const failure = (code: string, httpStatus?: number) =>
  new UpstreamError(code, code, 'pricing', httpStatus === undefined ? {} : { httpStatus });
const live = new AbortController().signal;

describe('isRetryable', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(isRetryable(failure('SUBREQUEST_HTTP_ERROR', status))).toBe(true);
  });

  it('retries an unreachable subgraph', () => {
    expect(isRetryable(failure('SUBGRAPH_UNREACHABLE'))).toBe(true);
  });

  it.each([
    ['HTTP 500', failure('SUBREQUEST_HTTP_ERROR', 500)],
    ['HTTP 400', failure('SUBREQUEST_HTTP_ERROR', 400)],
    ['a timeout', failure('GATEWAY_TIMEOUT')],
    ['a bad body', failure('SUBGRAPH_BAD_RESPONSE')],
    ['a spent deadline', failure('DEADLINE_EXCEEDED')],
    ['a foreign error', new Error('x')],
  ])('does not retry %s', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('isBreakerFailure', () => {
  it.each([
    ['unreachable', failure('SUBGRAPH_UNREACHABLE'), true],
    ['a timeout', failure('GATEWAY_TIMEOUT'), true],
    ['a bad body', failure('SUBGRAPH_BAD_RESPONSE'), true],
    [
      'an answer over the size limit',
      new UpstreamError('SUBGRAPH_BAD_RESPONSE', 'too large', 'pricing', { oversized: true }),
      false,
    ],
    ['HTTP 500', failure('SUBREQUEST_HTTP_ERROR', 500), true],
    ['HTTP 503', failure('SUBREQUEST_HTTP_ERROR', 503), true],
    ['HTTP 429', failure('SUBREQUEST_HTTP_ERROR', 429), false],
    ['HTTP 404', failure('SUBREQUEST_HTTP_ERROR', 404), false],
    ['a spent deadline', failure('DEADLINE_EXCEEDED'), false],
  ])('counts %s: %s', (_, error, counted) => {
    expect(isBreakerFailure(error)).toBe(counted);
  });
});

describe('toUpstreamError', () => {
  it('names cockatiel rejections with catalogue codes', () => {
    expect(toUpstreamError('pricing', new BrokenCircuitError(), live).code).toBe('CIRCUIT_OPEN');
    expect(toUpstreamError('pricing', new BulkheadRejectedError(1, 0), live).code).toBe('BULKHEAD_FULL');
    expect(toUpstreamError('pricing', new TaskCancelledError(), live).code).toBe('DEADLINE_EXCEEDED');
  });

  it('keeps an UpstreamError and hides anything else behind INTERNAL_SERVER_ERROR', () => {
    const own = failure('GATEWAY_TIMEOUT');

    expect(toUpstreamError('pricing', own, live)).toBe(own);
    expect(toUpstreamError('pricing', new TypeError('x is undefined'), live).code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });
});
