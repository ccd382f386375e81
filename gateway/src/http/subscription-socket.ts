import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ExecutionArgs,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ConnectionDrain } from '../../../platform/http/connection-drain.js';
import { REQUEST_ID_HEADER, requestIdFrom } from '../../../platform/http/request-id.js';
import { SUBSCRIPTION_LIMIT } from '../errors.js';
import type { AdmittedSubscription } from '../request/admitted-subscription.js';
import type { Refusal } from '../security/refusal.js';
import { ClientStream, type StreamEnd } from '../subscriptions/client-stream.js';
import type { SubscriptionService } from '../subscriptions/subscription-service.js';

/**
 * Close codes of the gateway's WebSocket endpoint, beside the graphql-ws protocol's own (4400 bad
 * message, 4401 unauthorized, 4403 forbidden, 4406 subprotocol, 4408 init timeout, 4409 duplicate
 * id, 4429 repeated init).
 */
export const CLOSE_CODES = {
  /** The gateway is draining (RFC 6455 "going away"): reconnect, another instance serves. */
  shuttingDown: 1001,
  /** The token given in `connection_init` expired: reconnect with a fresh one. */
  tokenExpired: 4401,
  /** One subscription more than `SUBSCRIPTIONS_MAX_PER_CONNECTION`. */
  tooManySubscriptions: 4429,
  /** The client read too slowly: more than the allowed events or bytes waited for it. */
  slowClient: 4413,
} as const;

/** What one GraphQL message over the socket is answered with by the gateway's admission. */
export type SocketAdmission =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'answered'; body: string }
  | { kind: 'subscription'; admitted: AdmittedSubscription };

/** Runs one message through the same admission as an HTTP request (rate limit, screen, Apollo Server). */
export type AdmitMessage = (message: {
  headers: IncomingHttpHeaders;
  upgrade: IncomingMessage;
  body: unknown;
  requestId: string;
  clientGone: AbortSignal;
}) => Promise<SocketAdmission>;

/** What the gateway's graphql-ws endpoint needs. */
export interface SubscriptionSocketOptions {
  server: Server;
  drain: ConnectionDrain;
  path: string;
  apiSchema: GraphQLSchema;
  service: SubscriptionService;
  admit: AdmitMessage;
  log: Logger;
  maxPayloadBytes: number;
  /** Origins a browser may open the socket from (`*` for any); same-origin pages always may. */
  corsOrigins: ReadonlySet<string>;
}

// graphql-ws picks execute or subscribe by the operation type of these; the gateway has already
// parsed, validated and admitted the real document.
const SUBSCRIPTION_DOCUMENT = parse('subscription { __typename }');
const ANSWER_DOCUMENT = parse('query { __typename }');

interface Operation {
  stream?: ClientStream;
  result?: FormattedExecutionResult;
}

/**
 * Serves GraphQL over WebSocket with the graphql-ws protocol (`graphql-transport-ws`) on the
 * gateway's GraphQL path. The `connection_init` payload gives the connection's headers (its
 * `headers` object, or its own string entries, e.g. `{"authorization":"Bearer ..."}`) on top of
 * the upgrade request's, so tokens pass through the same header rules and authentication as on
 * HTTP. Every `subscribe` message goes through the HTTP admission (rate limit, screen, trusted
 * documents, persisted queries, operation limits, validation, authorization); queries and
 * mutations are answered once, subscriptions streamed. Bounds: SUBSCRIPTIONS_MAX_PER_CONNECTION
 * (close 4429), SUBSCRIPTIONS_MAX (an `error` for that subscription), a ping every
 * SUBSCRIPTION_HEARTBEAT_MS (a socket that misses the pong is cut), a slow reader closed with
 * 4413, an expired token with 4401 and the drain with 1001.
 */
export function serveSubscriptionSocket(options: SubscriptionSocketOptions): void {
  const { service, log } = options;
  const { settings } = service;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const connectionHeaders = new WeakMap<WebSocket, IncomingHttpHeaders>();
  const connectionSubscriptions = new WeakMap<WebSocket, Set<string>>();
  const closedSignals = new WeakMap<WebSocket, AbortSignal>();

  const closeWith = (socket: WebSocket, code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
      socket.close(code, reason);
  };
  const closeForEnd = (socket: WebSocket, end: StreamEnd) => {
    if (end.reason === 'expired')
      closeWith(socket, CLOSE_CODES.tokenExpired, 'Unauthorized: the token expired');
    else if (end.reason === 'slow')
      closeWith(socket, CLOSE_CODES.slowClient, 'Slow client: too many events waiting');
    else if (end.reason === 'shutdown')
      closeWith(socket, CLOSE_CODES.shuttingDown, 'The gateway is shutting down');
  };

  useServer<Record<string, unknown> | undefined, Record<string, never>>(
    {
      schema: options.apiSchema,
      onConnect: (ctx) => {
        const headers = withInitHeaders(ctx.extra.request.headers, ctx.connectionParams);
        if (typeof headers === 'string') {
          closeWith(ctx.extra.socket, 4400, headers.slice(0, 120));
          return false;
        }
        connectionHeaders.set(ctx.extra.socket, headers);
        return true;
      },
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const socket = ctx.extra.socket;
        const headers = connectionHeaders.get(socket) ?? ctx.extra.request.headers;
        const requestId = requestIdFrom(headers[REQUEST_ID_HEADER]);
        const admission = await options.admit({
          headers,
          upgrade: ctx.extra.request,
          body: hashOnlyWhenEmpty(payload),
          requestId,
          clientGone: closedSignal(socket, closedSignals),
        });
        if (admission.kind === 'refused') return [toGraphQLError(admission.refusal.error.toJSON())];
        if (admission.kind === 'answered') {
          const result = JSON.parse(admission.body) as FormattedExecutionResult;
          if (!('data' in result) && result.errors) return result.errors.map(toGraphQLError);
          return { schema: options.apiSchema, document: ANSWER_DOCUMENT, contextValue: { result } };
        }
        const open = connectionSubscriptions.get(socket) ?? new Set<string>();
        connectionSubscriptions.set(socket, open);
        if (open.size >= settings.maxPerConnection) {
          closeWith(
            socket,
            CLOSE_CODES.tooManySubscriptions,
            `Too many subscriptions: at most ${settings.maxPerConnection} per connection`,
          );
          return [
            SUBSCRIPTION_LIMIT.err(
              `This connection already holds ${settings.maxPerConnection} subscriptions (SUBSCRIPTIONS_MAX_PER_CONNECTION).`,
            ),
          ];
        }
        const stream = service.open(admission.admitted, 'websocket', requestId);
        if (!(stream instanceof ClientStream)) return [toGraphQLError(stream)];
        open.add(id);
        void stream.ended.then((end) => {
          open.delete(id);
          closeForEnd(socket, end);
        });
        const operation: Operation = { stream };
        return { schema: options.apiSchema, document: SUBSCRIPTION_DOCUMENT, contextValue: operation };
      },
      execute: (args) => (args.contextValue as Operation).result as never,
      subscribe: (args) => {
        const { stream } = args.contextValue as Operation;
        return (stream ? withFinalErrors(stream) : undefined) as never;
      },
      // Results are formatted already (masking included): sent as they are.
      onNext: (ctx, _id, _payload, args, result) => {
        const { stream } = args.contextValue as Operation;
        if (stream && ctx.extra.socket.bufferedAmount > settings.maxBufferedBytes)
          stream.stop({ reason: 'slow' });
        return result as FormattedExecutionResult;
      },
    },
    sockets,
    settings.heartbeatMs,
  );

  options.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path)
      return refuseUpgrade(socket, 404, `No WebSocket route for ${url.pathname}.`);
    if (options.drain.draining) return refuseUpgrade(socket, 503, 'The gateway is shutting down.');
    if (!originAllowed(request, options.corsOrigins))
      return refuseUpgrade(
        socket,
        403,
        `WebSocket connections from origin ${request.headers.origin} are not allowed.`,
      );
    options.drain.release(socket as never);
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  options.drain.signal.addEventListener(
    'abort',
    () => {
      void service
        .shutdown()
        .catch((error: unknown) => log.warn({ err: error }, 'closing subgraph subscriptions failed'));
      for (const client of sockets.clients) {
        closeWith(client, CLOSE_CODES.shuttingDown, 'The gateway is shutting down');
        setTimeout(() => client.terminate(), 1_000).unref();
      }
    },
    { once: true },
  );
}

/**
 * The stream's results, then (when the subgraph failed it) one last result with its errors. Not an
 * async generator: graphql-ws calls `return` while a `next` is pending (the client completed or
 * went away), which must end the stream at once rather than after the next event.
 */
function withFinalErrors(stream: ClientStream): AsyncIterableIterator<FormattedExecutionResult> {
  let told = false;
  const iterator: AsyncIterableIterator<FormattedExecutionResult> = {
    async next() {
      const item = await stream.next();
      if (!item.done || told) return item;
      told = true;
      const end = await stream.ended;
      const errors = end.reason === 'failed' ? ClientStream.finalErrors(end, stream.subgraph) : undefined;
      return errors ? { done: false, value: { errors: [...errors] } } : item;
    },
    return: () => stream.return(),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * The connection's headers: the upgrade request's, then those `connection_init` gives (its
 * `headers` object, or its own string entries), names lower-cased; or what is wrong with them.
 */
export function withInitHeaders(
  upgrade: IncomingHttpHeaders,
  params: Readonly<Record<string, unknown>> | undefined,
): IncomingHttpHeaders | string {
  if (params === undefined || params === null) return upgrade;
  const source =
    typeof params.headers === 'object' && params.headers !== null
      ? (params.headers as Record<string, unknown>)
      : params;
  const headers: IncomingHttpHeaders = { ...upgrade };
  for (const [name, value] of Object.entries(source)) {
    if (name === 'headers' || typeof value !== 'string') continue;
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
      return `connection_init payload: ${JSON.stringify(name)} is not a header name`;
    if (/[\r\n\0]/.test(value)) return `connection_init payload: the value of ${name} holds a line break`;
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * graphql-ws requires a `query` string, so a client sending only a persisted query's hash sends
 * an empty one: taken as absent, the hash is looked up as on HTTP.
 */
function hashOnlyWhenEmpty(payload: { query: string; extensions?: Record<string, unknown> | null }): unknown {
  if (payload.query !== '' || !payload.extensions?.persistedQuery) return payload;
  const { query: _empty, ...rest } = payload;
  return rest;
}

function originAllowed(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || allowed.has('*') || allowed.has(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function closedSignal(socket: WebSocket, cache: WeakMap<WebSocket, AbortSignal>): AbortSignal {
  let signal = cache.get(socket);
  if (!signal) {
    const closed = new AbortController();
    socket.once('close', () => closed.abort(new Error('The WebSocket closed.')));
    signal = closed.signal;
    cache.set(socket, signal);
  }
  return signal;
}

function toGraphQLError(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, {
    ...(error.extensions && { extensions: error.extensions }),
    ...(error.path && { path: error.path }),
  });
}

function refuseUpgrade(socket: Duplex, status: 403 | 404 | 503, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  const text = { 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
