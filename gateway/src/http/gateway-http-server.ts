import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Span } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
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
import type { AdmittedSubscription, SubscriptionSlot } from '../request/admitted-subscription.js';
import { releaseAnswer } from '../request/answer-bytes.js';
import type { DeadlineSettings } from '../request/deadline.js';
import { type ExecutionGate, takePlace } from '../request/execution-gate.js';
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
import { ClientStream } from '../subscriptions/client-stream.js';
import type { SubscriptionService } from '../subscriptions/subscription-service.js';
import { applyCors } from './cors.js';
import { EXPLORER_ASSETS_PATH, explorerAssets } from './explorer/explorer-assets.js';
import { explorerAssetsRoute } from './explorer/explorer-assets-route.js';
import { type DeferredErrorFormatter, writeIncrementalResponse } from './incremental-response.js';
import { acceptsMultipart, DEFER_SPEC, SUBSCRIPTION_SPEC } from './multipart-response.js';
import { streamMultipartSubscription } from './multipart-subscription.js';
import { type AdmitMessage, serveSubscriptionSocket } from './subscription-socket.js';

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
  /** Routes served beside GraphQL on the client port. */
  extraRoutes?: Readonly<Record<string, RouteHandler>>;
  /** Operator routes (e.g. `/metrics`): on the admin listener when there is one, else on the client port. */
  adminRoutes?: Readonly<Record<string, RouteHandler>>;
  /**
   * A listener of its own for operators: `/healthz`, the detailed `/readyz` and `adminRoutes`;
   * the client port then answers `/readyz` with ready or not ready only. Its host defaults to `host`.
   */
  admin?: { port: number; host?: string };
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
   * Subscriptions: over WebSocket (graphql-ws) on the GraphQL path, and over HTTP for requests
   * accepting `multipart/mixed;subscriptionSpec="1.0"`; without it subscriptions are refused.
   */
  subscriptions?: { service: SubscriptionService; apiSchema: GraphQLSchema };
  /**
   * Bounds how many GraphQL requests execute at once (from the screened request to the written
   * answer); the rest wait their turn. Unbounded without one.
   */
  gate?: ExecutionGate;
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
  /** `http://localhost:<port>` of the admin listener, when there is one. */
  adminUrl?: string;
  /**
   * Drains (both listeners) (readiness 503, no new connections, in-flight requests answered with
   * `Connection: close`, cut after `graceMs`, default 5 s); resolves to how the drain ended.
   */
  close(options?: { graceMs?: number }): Promise<DrainOutcome>;
}

const GRAPHQL_PATH = '/graphql';

/** What the routes read of a request's target. */
type RequestTarget = Pick<URL, 'pathname' | 'search'>;
const GRAPHQL_TARGET: RequestTarget = { pathname: GRAPHQL_PATH, search: '' };

/**
 * The request target's path and query, as `URL` normalises them. The GraphQL path itself, as
 * nearly every request sends it, is known without parsing.
 */
export function requestTarget(raw: string | undefined): RequestTarget {
  return raw === GRAPHQL_PATH ? GRAPHQL_TARGET : new URL(raw ?? '/', 'http://localhost');
}

/** The status an access log line shows for a request whose client left before it was served. */
const CLIENT_CLOSED_REQUEST = 499;
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

  /** Ready or not; with the details (breaker states, subgraphs) only where operators read it. */
  const answerReadiness = (res: ServerResponse, detailed: boolean): void => {
    if (drain.draining) {
      sendJson(res, 503, { status: 'not ready', ...(detailed && { reason: 'shutting down' }) });
      return;
    }
    const readiness = options.readiness();
    sendJson(res, readiness.ready ? 200 : 503, {
      status: readiness.ready ? 'ready' : 'not ready',
      ...(detailed && readiness.details),
    });
  };

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') return answerReadiness(res, true);
    const route = options.adminRoutes?.[url.pathname];
    if (route) return route(req, res);
    const routes = ['/healthz', '/readyz', ...Object.keys(options.adminRoutes ?? {})];
    return sendJson(res, 404, {
      error: `No route for ${url.pathname}; the admin port serves ${routes.join(', ')}.`,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const url = requestTarget(req.url);
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') return answerReadiness(res, options.admin === undefined);
    const route =
      options.extraRoutes?.[url.pathname] ??
      (options.admin ? undefined : options.adminRoutes?.[url.pathname]);
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
    url: RequestTarget,
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

    const streaming = options.subscriptions && acceptsMultipart(req.headers.accept, SUBSCRIPTION_SPEC);
    const slot = streaming ? new CapturingSlot() : undefined;
    // One operation (not a batch) whose client reads multipart may get its deferred fragments later.
    const formatDeferredError = options.formatDeferredError;
    const incremental =
      formatDeferredError !== undefined &&
      !Array.isArray(body) &&
      acceptsMultipart(req.headers.accept, DEFER_SPEC);
    const admitted = {
      requestId,
      record,
      // The deadline counts the wait for a place to execute.
      startedAt: Date.now(),
      settings: contextSettings,
      incremental,
      answerBytes: !incremental && !slot && !Array.isArray(body),
      ...(slot && { subscriptions: slot }),
    };
    const place = await takePlace(options.gate);
    try {
      if (req.socket.destroyed) {
        res.statusCode = CLIENT_CLOSED_REQUEST; // for the access log: nobody is left to answer
        return;
      }
      await serveAdmitted(req, res, admitted, async (context, span) => {
        const headers = headerMapOf(req);
        // Apollo Server answers JSON (the first part, a refusal); the multipart around it is written here.
        if (incremental || slot) headers.set('accept', 'application/json');
        const response = await options.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method, headers, search: url.search, body },
          context: async () => context,
        });
        if (slot?.admitted && options.subscriptions) {
          const { service } = options.subscriptions;
          const stream = service.open(slot.admitted, 'multipart', requestId);
          if (!(stream instanceof ClientStream)) {
            const code = stream.extensions?.code;
            if (typeof code === 'string') record.errorCodes.push(code);
            span.setAttribute('http.response.status_code', 503);
            return sendJson(res, 503, { errors: [stream] });
          }
          span.setAttribute('http.response.status_code', 200);
          // A subscription lasts as long as its client wants: it streams without holding a place.
          place.release();
          return streamMultipartSubscription(res, stream, service.settings);
        }
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
          // The answer as bytes (encoded when Apollo Server serialised it, when it was the executor's):
          // copied once, where Node would copy a string twice, to measure it and to prepend the head.
          const answer = context.answer;
          const bytes = answer?.bytes ?? Buffer.from(response.body.string);
          // Apollo Server refuses some requests (CSRF, malformed ones) before its plugins record codes.
          if (res.statusCode >= 400 && record.errorCodes.length === 0)
            record.errorCodes.push(...errorCodesOfBody(bytes.toString()));
          // A pooled buffer is reused once written ('finish'); a response cut off keeps its buffer.
          if (answer?.pooled) res.end(bytes, () => releaseAnswer(answer));
          else res.end(bytes);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      });
    } finally {
      place.release();
    }
  };

  const serving =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      handler(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'unhandled error while serving a request');
        if (!res.headersSent) {
          writeRefusal(res, { status: 500, error: INTERNAL_SERVER_ERROR.err('Internal server error.') });
        } else {
          res.destroy();
        }
      });
    };
  const server = createServer(serving(handle));
  applyServerTimeouts(server);
  const drain = new ConnectionDrain(server);

  /** One graphql-ws message through the same admission as a POST to `/graphql`. */
  const admitMessage: AdmitMessage = async (message) => {
    if (options.rateLimiter) {
      const decision = await checkRateLimit(options.rateLimiter, message.upgrade, options.clientKey);
      if (!decision.allowed)
        return { kind: 'refused', refusal: rateLimitedRefusal(decision.retryAfterSeconds) };
    }
    const body = message.body;
    const screened = screenGraphQLRequest({ method: 'POST', search: '', body }, options.screen);
    if (screened) return { kind: 'refused', refusal: screened };
    const slot = new CapturingSlot();
    const record = newRequestRecord();
    const started = performance.now();
    const headers = { ...message.headers, 'content-type': 'application/json' };
    let status = 200;
    // The deadline counts the wait for a place to execute.
    const startedAt = Date.now();
    const place = await takePlace(options.gate);
    try {
      return await inRequestContext(
        {
          requestId: message.requestId,
          headers,
          clientGone: message.clientGone,
          record,
          subscriptions: slot,
          startedAt,
        },
        contextSettings,
        async (context, span) => {
          const response = await options.apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method: 'POST', headers: headerMapOfRecord(headers), search: '', body },
            context: async () => context,
          });
          status = response.status ?? 200;
          span.setAttribute('http.response.status_code', status);
          if (slot.admitted) return { kind: 'subscription', admitted: slot.admitted };
          let text = '';
          if (response.body.kind === 'complete') text = response.body.string;
          else for await (const chunk of response.body.asyncIterator) text += chunk;
          if (status >= 400 && record.errorCodes.length === 0)
            record.errorCodes.push(...errorCodesOfBody(text));
          return { kind: 'answered', body: text };
        },
      );
    } finally {
      place.release();
      options.accessLog?.write({
        requestId: message.requestId,
        method: 'WS',
        status,
        durationMs: performance.now() - started,
        record,
      });
    }
  };
  if (options.subscriptions) {
    const { service, apiSchema } = options.subscriptions;
    drain.signal.addEventListener(
      'abort',
      () =>
        void service
          .shutdown()
          .catch((error: unknown) => log.warn({ err: error }, 'ending subscriptions failed')),
      { once: true },
    );
    serveSubscriptionSocket({
      server,
      drain,
      path: GRAPHQL_PATH,
      apiSchema,
      service,
      admit: admitMessage,
      log,
      maxPayloadBytes: options.maxBodyBytes,
      corsOrigins: options.corsOrigins,
    });
  }
  const port = await listen(server, options.port, options.host);
  let admin: { url: string; drain: ConnectionDrain } | undefined;
  if (options.admin) {
    const adminServer = createServer(serving(handleAdmin));
    applyServerTimeouts(adminServer);
    const adminDrain = new ConnectionDrain(adminServer);
    try {
      const adminPort = await listen(adminServer, options.admin.port, options.admin.host ?? options.host);
      admin = { url: `http://localhost:${adminPort}`, drain: adminDrain };
    } catch (error) {
      await drain.drain(0);
      throw error;
    }
  }
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    port,
    server,
    ...(admin && { adminUrl: admin.url }),
    close: async (closeOptions = {}) => {
      const [outcome] = await Promise.all([
        drain.drain(closeOptions.graceMs),
        admin?.drain.drain(closeOptions.graceMs),
      ]);
      return outcome;
    },
  };
}

/** Keeps the subscription the request module admits, for the transport to stream. */
class CapturingSlot implements SubscriptionSlot {
  admitted: AdmittedSubscription | undefined;

  accept(subscription: AdmittedSubscription): void {
    this.admitted = subscription;
  }
}

function headerMapOfRecord(headers: Readonly<Record<string, string | string[] | undefined>>) {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/** Hands an admitted request to the request module, with a signal for a client that goes away first. */
async function serveAdmitted(
  req: IncomingMessage,
  res: ServerResponse,
  admitted: {
    requestId: string;
    record: RequestRecord;
    /** When the request began to wait for a place to execute (epoch ms): its deadline counts from it. */
    startedAt: number;
    settings: RequestContextSettings;
    incremental: boolean;
    answerBytes: boolean;
    subscriptions?: SubscriptionSlot;
  },
  work: (context: RequestContext, span: Span) => Promise<void>,
): Promise<void> {
  // The request's one controller: aborted here when the client goes away, and at its deadline.
  const cancel = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) cancel.abort(new Error('The client closed the connection.'));
  };
  res.once('close', onClose);
  try {
    await inRequestContext(
      {
        requestId: admitted.requestId,
        headers: req.headers,
        clientGone: cancel,
        record: admitted.record,
        startedAt: admitted.startedAt,
        ...(admitted.subscriptions && { subscriptions: admitted.subscriptions }),
        ...(admitted.incremental && { incremental: true }),
        ...(admitted.answerBytes && { answerBytes: true }),
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
