import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';

/** The Apollo Server context of one gateway request. */
export interface GatewayContext {
  /** Correlation id, accepted from `x-request-id` or generated, echoed in the response. */
  readonly requestId: string;
  /** Logger carrying the correlation id. */
  readonly log: Logger;
  /** Aborted when the request's deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  /** Absolute deadline (epoch ms). */
  readonly deadline: number;
  /** The client's W3C `traceparent`, when it sent one. */
  readonly traceparent?: string;
  readonly headers: IncomingHttpHeaders;
}
