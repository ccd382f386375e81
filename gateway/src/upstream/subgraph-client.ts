import type { GraphQLFormattedError } from 'graphql';

/** The GraphQL request sent to one subgraph. */
export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /**
   * The request as JSON, when a layer above already serialised it (to compare calls): the HTTP
   * adapter sends it as it is instead of serialising again. Never part of the JSON itself.
   */
  serialized?: string;
}

/** A subgraph's GraphQL response, parsed once. */
export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** Per-call facts the upstream layer needs: what may be retried, when to give up, what to forward. */
export interface SubgraphCallContext {
  /** `mutation` calls are never retried. */
  operationKind: 'query' | 'mutation' | 'subscription';
  /**
   * Aborted when the client request's deadline passes or the client goes away: the call is bound
   * by this signal alone. (The request's deadline signal does both.)
   */
  signal: CallSignal;
  /**
   * Absolute deadline of the client request (epoch ms), when it has one: what the call tells the
   * subgraph as its budget and what retries must not outlast. Reaching it does not end the call by
   * itself; `signal` does.
   */
  deadline?: number;
  /** Correlation id of the client request, sent as `x-request-id`. */
  requestId?: string;
  /** Headers to send with the call (already filtered by the header rules). */
  headers?: Record<string, string>;
  /** W3C `traceparent` of the client request; the fetch span becomes its child when no span is active. */
  traceparent?: string;
}

/**
 * What the upstream layer reads of a cancellation signal: an AbortSignal has it all, and so has
 * the lighter one (`LightSignal`) the upstream layer hands its calls and attempts.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The HTTP side of one attempt: like a call, but cancelled through a CallSignal. */
export interface SubgraphTransport {
  call(
    subgraph: string,
    request: SubgraphRequest,
    context: Omit<SubgraphCallContext, 'signal'> & { signal: CallSignal },
  ): Promise<SubgraphResponse>;
}

/**
 * The gateway's port to its subgraphs: one GraphQL call. Transport, timeouts, retries and breakers
 * live behind it. It resolves with the subgraph's response (which may itself hold GraphQL errors)
 * or rejects with an UpstreamError carrying a code from the catalogue in `../errors.ts`.
 */
export interface SubgraphClient {
  call(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Promise<SubgraphResponse>;
}

/** What is known about a failed call beyond its code. */
export interface UpstreamErrorDetails {
  /** HTTP status of the subgraph's answer, when one arrived. */
  httpStatus?: number;
  /** The underlying failure (a socket error, a JSON syntax error ...). */
  cause?: unknown;
  /**
   * A valid GraphQL body that came with a non-2xx status: its errors belong in the client's
   * response next to SUBREQUEST_HTTP_ERROR, as @apollo/gateway and Apollo Router do.
   */
  response?: SubgraphResponse;
  /** The subgraph's `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** The first bytes of the body, for logs (never for clients). */
  bodySnippet?: string;
  /**
   * The answer was larger than the gateway accepts: a fault of what one request asked for (too
   * many or too large values), not a sign that the subgraph is unhealthy.
   */
  oversized?: boolean;
}

/** A failed call, with the catalogue code that describes it. */
export class UpstreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly subgraph: string,
    readonly details: UpstreamErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'UpstreamError';
  }
}
