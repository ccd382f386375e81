import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ApolloServer } from '@apollo/server';
import type { Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ConnectionDrain, type DrainOutcome } from '../../../platform/http/connection-drain.js';
import { applyServerTimeouts, headerMapOf, listen } from '../../../platform/http/node-server.js';
import { BodyError, readBody } from '../../../platform/http/read-body.js';
import { REQUEST_ID_HEADER, requestIdFrom } from '../../../platform/http/request-id.js';
import { BAD_REQUEST, INTERNAL_SERVER_ERROR } from '../errors.js';
import {
  type AccessLog,
  errorCodesOfBody,
  newRequestRecord,
  type RequestRecord,
} from '../observability/access-log.js';
import type { DeadlineSettings } from '../request/deadline.js';
import {
  inRequestContext,
  type RequestContext,
  type RequestContextSettings,
} from '../request/request-context.js';
import {
  type ClientKeyOptions,
  checkRateLimit,
  type RateLimiter,
  rateLimitedRefusal,
} from '../security/rate-limit.js';
import { type Refusal, writeRefusal } from '../security/refusal.js';
import { checkContentType, type ScreenSettings, screenGraphQLRequest } from '../security/request-screen.js';
import { applyCors } from './cors.js';
import { EXPLORER_ASSETS_PATH, explorerAssets } from './explorer/explorer-assets.js';
import { explorerAssetsRoute } from './explorer/explorer-assets-route.js';
import { type DeferredErrorFormatter, writeIncrementalResponse } from './incremental-response.js';
import { acceptsMultipart, DEFER_SPEC } from './multipart-response.js';

/** A plain node:http handler, for routes served beside GraphQL (e.g. `/metrics`). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What `/readyz` reports. */
export interface Readiness {
  ready: boolean;
  details?: Record<string, unknown>;
}

/** Everything the gateway's HTTP host needs. */
export interface GatewayHttpServerOptions {
  apollo: ApolloServer<RequestContext>;
  log: Logger;
  port: number;
  host?: string;
  /** Allowed CORS origins (Sandbox's included by the caller). */
  corsOrigins: ReadonlySet<string>;
  deadline: DeadlineSettings;
  readiness: () => Readiness;
  extraRoutes?: Readonly<Record<string, RouteHandler>>;
  /** Serves the local explorer's files under `/explorer/` (for a landing page that is not off). */
  serveExplorer?: boolean;
  /** Largest request body; larger ones get 413 (from Content-Length or while reading). */
  maxBodyBytes: number;
  /** Longest time to receive a body; a slower client gets 408. */
  bodyTimeoutMs: number;
  /** What `screenGraphQLRequest` refuses before Apollo Server parses anything. */
  screen: ScreenSettings;
  /** Token buckets per client; without one nothing is rate limited. */
  rateLimiter?: RateLimiter;
  /** How a request is tied to its client's bucket. */
  clientKey: ClientKeyOptions;
  /** Told the code of every request refused before Apollo Server saw it (e.g. to count it). */
  onRefusal?: (code: string) => void;
  /** Where each request to the GraphQL endpoint gets its line once answered. */
  accessLog?: AccessLog;
  /**
   * Formats the errors of deferred payloads as Apollo Server formats the first answer's; without
   * it `@defer` is not delivered incrementally (every client gets the whole answer at once).
   */
  formatDeferredError?: DeferredErrorFormatter;
}

/** A listening gateway HTTP host. */
export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  /**
   * Drains (readiness 503, no new connections, in-flight requests answered with
   * `Connection: close`, cut after `graceMs`, default 5 s); resolves to how the drain ended.
   */
  close(options?: { graceMs?: number }): Promise<DrainOutcome>;
}

const GRAPHQL_PATH = '/graphql';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Serves the gateway's Apollo Server on node:http at `/graphql`, with `/healthz`, `/readyz`,
 * extra routes, the explorer's files, CORS and correlation ids (accepted or generated, echoed). Before Apollo Server
 * sees a GraphQL request, in this order: its client's rate limit (429), its Content-Type (415),
 * a bounded body read (413, 408), strict UTF-8 and JSON (400), then the request screen (batch
 * size, raw-text limits, trusted documents). Each admitted request then runs in its request
 * context (`inRequestContext`): server span, deadline, signal, logger. `close` drains first.
 */
export async function startGatewayHttpServer(options: GatewayHttpServerOptions): Promise<RunningHttpServer> {
  const { log } = options;
  const explorerRoute = options.serveExplorer ? explorerAssetsRoute(explorerAssets()) : undefined;
  const contextSettings: RequestContextSettings = { log, deadline: options.deadline };

  const refuse = (res: ServerResponse, refusal: Refusal, record: RequestRecord) => {
    const code = refusal.error.extensions.code;
    if (typeof code === 'string') {
      options.onRefusal?.(code);
      record.errorCodes.push(code);
    }
    writeRefusal(res, refusal);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      if (drain.draining) return sendJson(res, 503, { status: 'not ready', reason: 'shutting down' });
      const readiness = options.readiness();
      return sendJson(res, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not ready',
        ...readiness.details,
      });
    }
    const route = options.extraRoutes?.[url.pathname];
    if (route) return route(req, res);
    if (explorerRoute && url.pathname.startsWith(EXPLORER_ASSETS_PATH)) return explorerRoute(req, res);
    // A person who opens the bare address in a browser lands on the explorer (or the GraphQL endpoint).
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(302, { location: GRAPHQL_PATH });
      res.end();
      return;
    }
    if (url.pathname !== GRAPHQL_PATH) {
      return sendJson(res, 404, { error: `No route for ${url.pathname}; GraphQL is at ${GRAPHQL_PATH}.` });
    }
    const record = newRequestRecord();
    const started = performance.now();
    let failed = false;
    try {
      await serveGraphQL(req, res, url, requestId, record);
    } catch (error) {
      failed = true;
      record.errorCodes.push(INTERNAL_SERVER_ERROR.code);
      throw error;
    } finally {
      options.accessLog?.write({
        requestId,
        method: req.method ?? 'GET',
        status: failed ? 500 : res.statusCode,
        durationMs: performance.now() - started,
        record,
      });
    }
  };

  const serveGraphQL = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    record: RequestRecord,
  ): Promise<void> => {
    if (applyCors(req, res, options.corsOrigins)) return;

    const method = req.method ?? 'GET';
    if (options.rateLimiter) {
      const decision = await checkRateLimit(options.rateLimiter, req, options.clientKey);
      if (!decision.allowed) return refuse(res, rateLimitedRefusal(decision.retryAfterSeconds), record);
    }
    const wrongType = checkContentType(method, req.headers['content-type']);
    if (wrongType) return refuse(res, wrongType, record);

    let body: unknown;
    if (method === 'POST') {
      try {
        body = parseBody(
          await readBody(req, { maxBytes: options.maxBodyBytes, timeoutMs: options.bodyTimeoutMs }),
        );
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        return refuse(res, { status: error.status, error: BAD_REQUEST.err(error.message) }, record);
      }
    }
    const screened = screenGraphQLRequest({ method, search: url.search, body }, options.screen);
    if (screened) return refuse(res, screened, record);

    // One operation (not a batch) whose client reads multipart may get its deferred fragments later.
    const formatDeferredError = options.formatDeferredError;
    const incremental =
      formatDeferredError !== undefined &&
      !Array.isArray(body) &&
      acceptsMultipart(req.headers.accept, DEFER_SPEC);
    const admitted = { requestId, record, settings: contextSettings, incremental };
    await serveAdmitted(req, res, admitted, async (context, span) => {
      const headers = headerMapOf(req);
      // Apollo Server answers the first part (as JSON); the multipart around it is written here.
      if (incremental) headers.set('accept', 'application/json');
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () => context,
      });
      const subsequent = context.incremental?.subsequent;
      if (subsequent && formatDeferredError) {
        if (response.body.kind === 'complete' && (response.status ?? 200) < 300) {
          span.setAttribute('http.response.status_code', response.status ?? 200);
          return writeIncrementalResponse(res, { response, body: response.body.string }, subsequent, {
            formatError: formatDeferredError,
            record,
          });
        }
        await subsequent.return();
      }
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (response.body.kind === 'complete') {
        // Apollo Server refuses some requests (CSRF, malformed ones) before its plugins record codes.
        if (res.statusCode >= 400 && record.errorCodes.length === 0)
          record.errorCodes.push(...errorCodesOfBody(response.body.string));
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'unhandled error while serving a request');
      if (!res.headersSent) {
        writeRefusal(res, { status: 500, error: INTERNAL_SERVER_ERROR.err('Internal server error.') });
      } else {
        res.destroy();
      }
    });
  });
  applyServerTimeouts(server);
  const drain = new ConnectionDrain(server);
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    port,
    server,
    close: (closeOptions = {}) => drain.drain(closeOptions.graceMs),
  };
}

/** Hands an admitted request to the request module, with a signal for a client that goes away first. */
async function serveAdmitted(
  req: IncomingMessage,
  res: ServerResponse,
  admitted: {
    requestId: string;
    record: RequestRecord;
    settings: RequestContextSettings;
    incremental: boolean;
  },
  work: (context: RequestContext, span: Span) => Promise<void>,
): Promise<void> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) clientGone.abort(new Error('The client closed the connection.'));
  };
  res.once('close', onClose);
  try {
    await inRequestContext(
      {
        requestId: admitted.requestId,
        headers: req.headers,
        clientGone: clientGone.signal,
        record: admitted.record,
        ...(admitted.incremental && { incremental: true }),
      },
      admitted.settings,
      work,
    );
  } finally {
    res.off('close', onClose);
  }
}

/** A POST body that `checkContentType` admitted as JSON: strict UTF-8, then JSON. */
function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BodyError(400, 'Request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
