import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { SIGNATURE_HEADER } from '../signing/request-signature.js';
import type { RequestVerifier } from '../signing/request-verifier.js';
import type { ConnectionDrain } from './connection-drain.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';

/** The close code a WebSocket gets when its server shuts down (RFC 6455 "going away"). */
export const GOING_AWAY = 1001;
/** How long a closing WebSocket gets to answer the close handshake before it is cut. */
const CLOSE_HANDSHAKE_MS = 1_000;

/** What a subgraph's graphql-ws endpoint needs. */
export interface GraphQLWsEndpointOptions {
  server: Server;
  drain: ConnectionDrain;
  path: string;
  schema: GraphQLSchema;
  log: Logger;
  /** Builds the resolver context of one operation from the upgrade request. */
  context: (request: {
    requestId: string;
    headers: IncomingMessage['headers'];
    signal: AbortSignal;
  }) => unknown;
  /** Accepts only upgrades signed by the gateway (method GET, the target, an empty body). */
  verifier?: RequestVerifier;
  /** Largest message accepted, in bytes. */
  maxPayloadBytes: number;
  /** Errors of an operation as clients see them (codes of domain errors, internal ones masked). */
  formatError?: (error: unknown) => unknown;
}

/**
 * Serves operations (subscriptions above all) over WebSocket with the graphql-ws protocol on the
 * HTTP server's GraphQL path. The upgrade request is checked like any request (signature, when a
 * verifier is given) before the protocol starts; the connection's operations then run under it.
 * When the drain starts every socket is closed with 1001, so clients reconnect elsewhere.
 */
export function serveGraphQLWs(options: GraphQLWsEndpointOptions): void {
  const { log, verifier } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  useServer(
    {
      schema: options.schema,
      context: (ctx) => {
        const request = ctx.extra.request;
        return options.context({
          requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]),
          headers: request.headers,
          signal: closedSignal(ctx.extra.socket),
        });
      },
      ...(options.formatError && {
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors
            ? ({ ...result, errors: result.errors.map((error) => options.formatError?.(error)) } as never)
            : undefined,
      }),
    },
    sockets,
  );
  options.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(request, socket, head).catch((error: unknown) => {
      log.error({ err: error }, 'WebSocket upgrade failed');
      socket.destroy();
    });
  });

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path)
      return refuseUpgrade(socket, 404, `No WebSocket route for ${url.pathname}.`);
    if (options.drain.draining) return refuseUpgrade(socket, 503, 'The server is shutting down.');
    if (verifier) {
      const parts = { method: request.method ?? 'GET', path: request.url ?? '/', body: '' };
      const verdict = await verifier.verify(parts, request.headers[SIGNATURE_HEADER]);
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, 'WebSocket upgrade refused: signature check failed');
        return refuseUpgrade(socket, verdict.status, `Request refused: ${verdict.reason}.`);
      }
    }
    options.drain.release(socket as never);
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };

  options.drain.signal.addEventListener(
    'abort',
    () => {
      for (const client of sockets.clients) {
        client.close(GOING_AWAY, 'The server is shutting down.');
        setTimeout(() => client.terminate(), CLOSE_HANDSHAKE_MS).unref();
      }
    },
    { once: true },
  );
}

function closedSignal(socket: { once(event: 'close', listener: () => void): unknown }): AbortSignal {
  const closed = new AbortController();
  socket.once('close', () => closed.abort(new Error('The WebSocket closed.')));
  return closed.signal;
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 401 ? 'Unauthorized' : 'Service Unavailable'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
