import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { BUDGET_HEADER } from '../../../platform/http/request-budget.js';
import { INTERNAL_SERVER_ERROR, SUBGRAPH_BAD_RESPONSE, SUBREQUEST_HTTP_ERROR } from '../errors.js';
import { remainingMs } from '../request/deadline.js';
import { exchange, type StartedAnswer } from './buffered-exchange.js';
import { parseSubgraphResponse } from './parse-subgraph-response.js';
import { ResponseBodyError } from './response-body.js';
import { parseRetryAfter } from './retry-after.js';
import { serializeRequest } from './serialize-request.js';
import type { SubgraphRequest, SubgraphResponse, SubgraphTransport } from './subgraph-client.js';
import { UpstreamError } from './subgraph-client.js';
import { abortedCall, upstreamErrorFromTransport } from './transport-error.js';

type TransportContext = Parameters<SubgraphTransport['call']>[2];

/** Where and how to reach one subgraph. */
export interface SubgraphEndpoint {
  /** The subgraph's GraphQL URL. */
  url: string;
  /** Usually an undici `Pool` for the URL's origin. */
  dispatcher: Dispatcher;
  /** Largest accepted body, after decompression. */
  maxResponseBytes: number;
}

/** How many bytes of a failing body go into the error (and from there into logs). */
export const BODY_SNIPPET_BYTES = 512;

/**
 * The subgraph transport for HTTP: one POST of JSON per call through the subgraph's undici
 * dispatcher. It makes exactly one attempt; timeouts beyond the signal, retries and breakers are
 * the policies' job. The remaining budget (`context.deadline`) travels in `x-request-budget-ms`.
 */
export class UndiciSubgraphClient implements SubgraphTransport {
  private readonly endpoints: ReadonlyMap<string, SubgraphEndpoint & { path: string }>;

  constructor(endpoints: Record<string, SubgraphEndpoint>) {
    this.endpoints = new Map(
      Object.entries(endpoints).map(([name, endpoint]) => {
        const url = new URL(endpoint.url);
        return [name, { ...endpoint, path: `${url.pathname}${url.search}` }];
      }),
    );
  }

  async call(
    subgraph: string,
    request: SubgraphRequest,
    context: TransportContext,
  ): Promise<SubgraphResponse> {
    const endpoint = this.endpoints.get(subgraph);
    if (!endpoint) {
      throw new UpstreamError(
        INTERNAL_SERVER_ERROR.code,
        `No subgraph named '${subgraph}' is configured (known: ${[...this.endpoints.keys()].join(', ')}).`,
        subgraph,
      );
    }
    const { signal } = context;
    if (signal.aborted) throw abortedCall(subgraph, signal);

    let answer: StartedAnswer;
    try {
      answer = await exchange(
        endpoint.dispatcher,
        {
          path: endpoint.path,
          method: 'POST',
          headers: outgoingHeaders(context),
          body: request.serialized ?? serializeRequest(request),
        },
        signal,
        endpoint.maxResponseBytes,
      );
    } catch (error) {
      throw upstreamErrorFromTransport(subgraph, error, signal);
    }

    const status = answer.statusCode;
    let raw: Buffer;
    try {
      raw = await answer.body;
    } catch (error) {
      if (signal.aborted) throw abortedCall(subgraph, signal);
      if (error instanceof ResponseBodyError) {
        throw new UpstreamError(
          SUBGRAPH_BAD_RESPONSE.code,
          `Subgraph '${subgraph}' answered HTTP ${status} with an unreadable body: ${error.message}`,
          subgraph,
          {
            httpStatus: status,
            cause: error,
            bodySnippet: snippet(error.received),
            ...(error.kind === 'too-large' && { oversized: true }),
          },
        );
      }
      throw upstreamErrorFromTransport(subgraph, error, signal);
    }

    const text = raw.toString('utf8');
    const parsed = parseSubgraphResponse(text);
    if (status < 200 || status > 299) {
      throw new UpstreamError(
        SUBREQUEST_HTTP_ERROR.code,
        `HTTP fetch failed from '${subgraph}': ${status}: ${STATUS_CODES[status] ?? 'Unknown status'}`,
        subgraph,
        {
          httpStatus: status,
          bodySnippet: snippet(raw),
          ...(parsed.ok && parsed.response.errors?.length ? { response: parsed.response } : {}),
          ...retryAfter(answer.headers['retry-after']),
        },
      );
    }
    if (!parsed.ok) {
      throw new UpstreamError(
        SUBGRAPH_BAD_RESPONSE.code,
        `Subgraph '${subgraph}' answered HTTP ${status} with a body that is not a GraphQL response: ${parsed.reason}`,
        subgraph,
        { httpStatus: status, bodySnippet: snippet(raw) },
      );
    }
    return parsed.response;
  }
}

function outgoingHeaders(context: TransportContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = 'application/graphql-response+json, application/json;q=0.9';
  headers['accept-encoding'] = 'gzip';
  if (context.requestId !== undefined) headers['x-request-id'] = context.requestId;
  if (context.traceparent !== undefined) headers.traceparent = context.traceparent;
  if (context.deadline !== undefined)
    headers[BUDGET_HEADER] = String(Math.ceil(remainingMs(context.deadline)));
  return headers;
}

function retryAfter(header: string | string[] | undefined): { retryAfterMs?: number } {
  const ms = parseRetryAfter(Array.isArray(header) ? header[0] : header);
  return ms === undefined ? {} : { retryAfterMs: ms };
}

function snippet(raw: Buffer): string {
  return raw.subarray(0, BODY_SNIPPET_BYTES).toString('utf8');
}
