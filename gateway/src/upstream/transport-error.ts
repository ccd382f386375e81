import {
  DEADLINE_EXCEEDED,
  GATEWAY_TIMEOUT,
  SUBGRAPH_BAD_RESPONSE,
  SUBGRAPH_UNREACHABLE,
} from '../errors.js';
import { type CallSignal, UpstreamError } from './subgraph-client.js';

// undici timeouts while waiting for the answer: the subgraph is slow, not unreachable.
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// The subgraph answered, but not with valid HTTP.
const MALFORMED_CODES = new Set([
  'UND_ERR_INFO',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
]);

/**
 * Maps a failure to send a request or receive its status line to an UpstreamError. Every failure
 * to reach the subgraph (refused, reset, DNS, connect timeout) is SUBGRAPH_UNREACHABLE rather than
 * Apollo Router's SUBREQUEST_HTTP_ERROR: no HTTP status exists to report, and clients can tell
 * "no answer" from "an error answer".
 */
export function upstreamErrorFromTransport(
  subgraph: string,
  error: unknown,
  signal: CallSignal,
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (signal.aborted) return abortedCall(subgraph, signal);
  const codes = errorCodes(error);
  const detail = describe(error);
  if (codes.some((code) => TIMEOUT_CODES.has(code))) {
    return new UpstreamError(GATEWAY_TIMEOUT.code, `Subgraph '${subgraph}' timed out: ${detail}`, subgraph, {
      cause: error,
    });
  }
  if (codes.some((code) => MALFORMED_CODES.has(code) || code.startsWith('HPE_'))) {
    return new UpstreamError(
      SUBGRAPH_BAD_RESPONSE.code,
      `Subgraph '${subgraph}' sent a malformed HTTP response: ${detail}`,
      subgraph,
      { cause: error },
    );
  }
  return new UpstreamError(
    SUBGRAPH_UNREACHABLE.code,
    `Subgraph '${subgraph}' is unreachable: ${detail}`,
    subgraph,
    {
      cause: error,
    },
  );
}

/**
 * The error for a call cancelled through its signal: the abort reason's catalogue code when it
 * carries one (a DeadlineExceededError does), DEADLINE_EXCEEDED otherwise.
 */
export function abortedCall(subgraph: string, signal: CallSignal): UpstreamError {
  const reasonCode = (signal.reason as { code?: unknown } | undefined)?.code;
  const code = reasonCode === GATEWAY_TIMEOUT.code ? GATEWAY_TIMEOUT.code : DEADLINE_EXCEEDED.code;
  const message =
    code === GATEWAY_TIMEOUT.code
      ? `Subgraph '${subgraph}' did not answer within its timeout.`
      : `The request deadline passed before subgraph '${subgraph}' answered.`;
  return new UpstreamError(code, message, subgraph, { cause: signal.reason });
}

/** The `code`s of an error and of everything it wraps (`cause`, AggregateError `errors`). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const nested = [cause, ...(Array.isArray(errors) ? errors : [])];
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...nested.flatMap((inner) => errorCodes(inner, depth + 1)),
  ];
}

function describe(error: unknown): string {
  const codes = errorCodes(error);
  const message = error instanceof Error ? error.message : String(error);
  const unique = [...new Set(codes)];
  return unique.length > 0 && message === '' ? unique.join(', ') : message || 'unknown error';
}
