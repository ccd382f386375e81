import { isBrokenCircuitError, isBulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import {
  BULKHEAD_FULL,
  CIRCUIT_OPEN,
  DEADLINE_EXCEEDED,
  GATEWAY_TIMEOUT,
  INTERNAL_SERVER_ERROR,
  SUBGRAPH_BAD_RESPONSE,
  SUBGRAPH_UNREACHABLE,
  SUBREQUEST_HTTP_ERROR,
} from '../errors.js';
import { type CallSignal, UpstreamError } from './subgraph-client.js';
import { abortedCall } from './transport-error.js';

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Whether a failed attempt may be retried: connection failures and 429, 502, 503, 504 answers. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.code === SUBGRAPH_UNREACHABLE.code) return true;
  return error.code === SUBREQUEST_HTTP_ERROR.code && RETRYABLE_STATUSES.has(error.details.httpStatus ?? 0);
}

/**
 * Whether a failed call counts against the subgraph's breaker: failures that say the subgraph is
 * unhealthy (transport failures, 5xx answers, timeouts and malformed bodies). What one client's
 * request caused does not count, or a client could open the breaker for everyone: GraphQL errors
 * in a 2xx answer (the call never rejects for them), 4xx answers, answers over the size limit
 * (a request asking for too much) and a client's spent deadline.
 */
export function isBreakerFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  switch (error.code) {
    case SUBGRAPH_UNREACHABLE.code:
    case GATEWAY_TIMEOUT.code:
      return true;
    case SUBGRAPH_BAD_RESPONSE.code:
      return error.details.oversized !== true;
    case SUBREQUEST_HTTP_ERROR.code:
      return (error.details.httpStatus ?? 0) >= 500;
    default:
      return false;
  }
}

/** Whether the failure is the request's own deadline running out. */
export function isDeadlineExceeded(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === DEADLINE_EXCEEDED.code;
}

/**
 * Any failure out of the policy pipeline as an UpstreamError with a catalogue code: cockatiel's
 * own rejections become CIRCUIT_OPEN, BULKHEAD_FULL or DEADLINE_EXCEEDED.
 */
export function toUpstreamError(subgraph: string, error: unknown, signal: CallSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (isBrokenCircuitError(error)) {
    return new UpstreamError(
      CIRCUIT_OPEN.code,
      `Calls to subgraph '${subgraph}' are suspended by its circuit breaker.`,
      subgraph,
      { cause: error },
    );
  }
  if (isBulkheadRejectedError(error)) {
    return new UpstreamError(
      BULKHEAD_FULL.code,
      `Subgraph '${subgraph}' has as many calls in flight and queued as its bulkhead allows.`,
      subgraph,
      { cause: error },
    );
  }
  // Not cockatiel's isTaskCancelledError: in 3.2 it tests for the bulkhead's marker property.
  if (signal.aborted || error instanceof TaskCancelledError) return abortedCall(subgraph, signal);
  return new UpstreamError(
    INTERNAL_SERVER_ERROR.code,
    `Calling subgraph '${subgraph}' failed unexpectedly.`,
    subgraph,
    { cause: error },
  );
}
