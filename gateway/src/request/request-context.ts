import type { IncomingHttpHeaders } from 'node:http';
import { isSpanContextValid, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { SubsequentPayload } from '../executor/execute-incrementally.js';
import { newRequestRecord, type RequestRecord } from '../observability/access-log.js';
import { requestLogger } from '../observability/gateway-logger.js';
import { formatTraceparent, parseTraceparent, TRACEPARENT_HEADER } from '../observability/trace-context.js';
import { tracedRequest } from '../observability/traced.js';
import type { SubscriptionSlot } from './admitted-subscription.js';
import type { AnswerBytes } from './answer-bytes.js';
import {
  type DeadlineSettings,
  deadlineOn,
  deadlineSignal,
  REQUEST_TIMEOUT_HEADER,
  requestDeadline,
} from './deadline.js';

/** Everything one admitted request carries from the edge to its subgraph calls (Apollo Server's context). */
export interface RequestContext {
  /** Correlation id, accepted from `x-request-id` or generated, echoed in the response. */
  readonly requestId: string;
  /** Logger carrying the correlation id (and the trace id when spans record). */
  readonly log: Logger;
  /** Aborted when the request's deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  /** Absolute deadline (epoch ms). */
  readonly deadline: number;
  /** The client's W3C `traceparent`, when it sent a valid one. */
  readonly traceparent?: string;
  readonly headers: IncomingHttpHeaders;
  /** What the request did (operation, subgraph calls, error codes), for its access log line. */
  readonly record: RequestRecord;
  /** Present when the transport can stream a subscription: the admitted one is handed to it. */
  readonly subscriptions?: SubscriptionSlot;
  /** Present when the client reads incremental delivery (`multipart/mixed`): `@defer` is honoured. */
  readonly incremental?: IncrementalDelivery;
  /** Present when the edge writes the single answer itself: the answer's bytes are left here. */
  readonly answer?: AnswerBytes;
}

/** Where the executor leaves the payloads that follow the first answer, for the edge to stream. */
export interface IncrementalDelivery {
  subsequent?: AsyncGenerator<SubsequentPayload, void, undefined>;
}

/** What the edge knows of an admitted request. */
export interface AdmittedRequest {
  readonly requestId: string;
  readonly headers: IncomingHttpHeaders;
  /**
   * Aborted when the client goes away before its response is written: a controller the request
   * owns, which its deadline then aborts too (one signal per request), or a signal shared with
   * other requests (a socket's), which the request's own signal follows.
   */
  readonly clientGone: AbortController | AbortSignal;
  /** The record the edge logs the request from; a fresh one when absent. */
  readonly record?: RequestRecord;
  /** Where a subscription goes once admitted, when the transport can stream one. */
  readonly subscriptions?: SubscriptionSlot;
  /** True when the response may be delivered incrementally (the client accepts multipart). */
  readonly incremental?: boolean;
  /** True when the edge writes one answer as it is (not a batch, not a stream): see `AnswerBytes`. */
  readonly answerBytes?: boolean;
  /** When the request's deadline starts (epoch ms); now when absent. */
  readonly startedAt?: number;
}

/** How a request's context is made: the gateway's logger and the deadline policy. */
export interface RequestContextSettings {
  readonly log: Logger;
  readonly deadline: DeadlineSettings;
}

/**
 * Runs `work` for one admitted request inside its server span, with its context: the deadline
 * (the default, or shorter or longer as the client asks with `x-request-timeout-ms`, never past
 * the cap) turned into the signal its subgraph calls run under, a logger carrying its ids, and
 * its trace context. The deadline timer and listener are released when `work` settles.
 */
export async function inRequestContext<T>(
  request: AdmittedRequest,
  settings: RequestContextSettings,
  work: (context: RequestContext, span: Span) => Promise<T>,
): Promise<T> {
  const { requestId, headers } = request;
  // Only a valid trace context travels on: a malformed one would otherwise reach the subgraphs.
  const clientSpan = parseTraceparent(headers[TRACEPARENT_HEADER]);
  const traceparent = clientSpan && formatTraceparent(clientSpan);
  return tracedRequest({ requestId, ...(traceparent && { traceparent }) }, async (span) => {
    const spanContext = span.spanContext();
    const traceId = isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
    const deadline = requestDeadline(settings.deadline, headers[REQUEST_TIMEOUT_HEADER], request.startedAt);
    const { clientGone } = request;
    const signal =
      clientGone instanceof AbortController
        ? deadlineOn(clientGone, deadline)
        : deadlineSignal(clientGone, deadline);
    const context: RequestContext = {
      requestId,
      log: requestLogger(settings.log, { requestId, ...(traceId && { traceId }) }),
      signal: signal.signal,
      deadline,
      ...(traceparent && { traceparent }),
      headers,
      record: request.record ?? newRequestRecord(),
      ...(request.subscriptions && { subscriptions: request.subscriptions }),
      ...(request.incremental && { incremental: {} }),
      ...(request.answerBytes && { answer: {} }),
    };
    try {
      return await work(context, span);
    } finally {
      signal.dispose();
    }
  });
}
