import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
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
import { downstreamError, subgraphErrorOrigin } from '../executor/subgraph-errors.js';

/** How much of what subgraphs say, and of why a call failed, reaches clients. */
export interface SubgraphErrorExposure {
  /**
   * On in production: subgraph errors keep only `code` and the allowed extensions, failed calls
   * are told in the gateway's words (never an address, URL or body), uncoded messages are masked.
   * Off: everything reaches the client as it was.
   */
  redact: boolean;
  /** Extension keys of subgraph errors passed on besides `code` (and `serviceName`) when redacting. */
  allowedExtensions: readonly string[];
  /** Keeps the messages of subgraph errors that carry no code of their own when redacting. */
  keepUncodedMessages: boolean;
}

/** Everything exposed: development. */
export const EXPOSE_SUBGRAPH_ERRORS: SubgraphErrorExposure = Object.freeze({
  redact: false,
  allowedExtensions: [],
  keepUncodedMessages: true,
});

/**
 * The errors of one response as the client may see them under `exposure`. Errors not about a
 * subgraph pass unchanged; what a redaction drops is logged with the request id, so that whoever
 * holds the id finds the whole error (failed calls are logged where they fail).
 */
export function exposeSubgraphErrors(
  errors: readonly GraphQLError[],
  exposure: SubgraphErrorExposure,
  request: { requestId: string; log?: Logger },
): GraphQLError[] {
  if (!exposure.redact) return [...errors];
  return errors.map((error) => {
    const origin = subgraphErrorOrigin(error);
    if (!origin) return error;
    const serviceName = String(error.extensions.serviceName ?? '');
    const { requestId } = request;
    if (origin.origin === 'failed-call') {
      const { code, foldedPaths, response } = error.extensions;
      // A failure nobody explained is masked, and logged whole, by errorMasking.
      if (code === INTERNAL_SERVER_ERROR.code) return error;
      return new GraphQLError(failedCallMessage(String(code), serviceName, response), {
        ...(error.path && { path: error.path }),
        extensions: {
          code,
          serviceName,
          requestId,
          ...(response !== undefined && { response }),
          ...(foldedPaths !== undefined && { foldedPaths }),
        },
      });
    }
    const extensions: Record<string, unknown> = { code: error.extensions.code, serviceName };
    for (const key of exposure.allowedExtensions)
      if (key in error.extensions) extensions[key] = error.extensions[key];
    const masked = !origin.coded && !exposure.keepUncodedMessages;
    const dropped = Object.keys(error.extensions).some((key) => !(key in extensions));
    if (masked || dropped) {
      extensions.requestId = requestId;
      request.log?.warn(
        {
          requestId,
          subgraph: serviceName,
          error: error.message,
          extensions: error.extensions,
          path: error.path,
        },
        'subgraph error redacted for the client',
      );
    }
    const message = masked
      ? `Subgraph '${serviceName}' reported an error (id: ${requestId}).`
      : error.message;
    return new GraphQLError(message, { ...(error.path && { path: error.path }), extensions });
  });
}

/**
 * The errors `subgraph` ended a subscription with (its own, or the gateway's words about a closed
 * connection) as the client may see them: filtered as a subgraph's errors in an answer are. An
 * error without a code of its own stays without one (the stream's end gives it its code).
 */
export function exposeSubscriptionEndErrors(
  errors: readonly GraphQLFormattedError[],
  subgraph: string,
  exposure: SubgraphErrorExposure,
  request: { requestId: string; log?: Logger },
): GraphQLFormattedError[] {
  if (!exposure.redact) return [...errors];
  const downstream = errors.map((error) => downstreamError(error, subgraph, undefined));
  return exposeSubgraphErrors(downstream, exposure, request).map((exposed, index) => {
    const formatted = exposed.toJSON();
    if (typeof errors[index]?.extensions?.code === 'string') return formatted;
    const { code: _own, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  });
}

/** Why a call failed, in words that name no address, URL or body. */
function failedCallMessage(code: string, subgraph: string, response: unknown): string {
  switch (code) {
    case SUBGRAPH_UNREACHABLE.code:
      return `Subgraph '${subgraph}' could not be reached.`;
    case GATEWAY_TIMEOUT.code:
      return `Subgraph '${subgraph}' did not answer within its timeout.`;
    case SUBGRAPH_BAD_RESPONSE.code:
      return `Subgraph '${subgraph}' answered with a body that is not a GraphQL response or is too large.`;
    case SUBREQUEST_HTTP_ERROR.code: {
      const status = (response as { status?: unknown } | undefined)?.status;
      return `HTTP fetch failed from '${subgraph}'${typeof status === 'number' ? `: ${status}` : ''}.`;
    }
    case CIRCUIT_OPEN.code:
      return `Calls to subgraph '${subgraph}' are suspended by its circuit breaker.`;
    case BULKHEAD_FULL.code:
      return `Subgraph '${subgraph}' has as many calls in flight as it allows.`;
    case DEADLINE_EXCEEDED.code:
      return `The request deadline passed before subgraph '${subgraph}' answered.`;
    default:
      return `Request to subgraph '${subgraph}' failed.`;
  }
}
