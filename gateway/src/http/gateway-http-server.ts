import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import { BodyError, readBody } from '../../../subgraphs/platform/http/read-body.js';
import { REQUEST_ID_HEADER, requestIdFrom } from '../../../subgraphs/platform/http/request-id.js';
import { TRACEPARENT_HEADER } from '../observability/trace-context.js';
import {
  type DeadlineSettings,
  deadlineSignal,
  REQUEST_TIMEOUT_HEADER,
  requestDeadline,
} from '../upstream/deadline.js';
import { applyCors } from './cors.js';
import type { GatewayContext } from './gateway-context.js';

/** A plain node:http handler, for routes served beside GraphQL (e.g. `/metrics`). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What `/readyz` reports. */
export interface Readiness {
  ready: boolean;
  details?: Record<string, unknown>;
}

export interface GatewayHttpServerOptions {
  apollo: ApolloServer<GatewayContext>;
  log: Logger;
  port: number;
  host?: string;
  /** Allowed CORS origins (Sandbox's included by the caller). */
  corsOrigins: ReadonlySet<string>;
  deadline: DeadlineSettings;
  readiness: () => Readiness;
  extraRoutes?: Readonly<Record<string, RouteHandler>>;
  maxBodyBytes?: number;
  bodyTimeoutMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/**
 * Serves the gateway's Apollo Server on node:http at `/graphql`, with `/healthz`, `/readyz`,
 * extra routes, CORS, correlation ids (accepted or generated, echoed), a bounded request body,
 * and each request's deadline turned into the AbortSignal its subgraph calls run under.
 */
export async function startGatewayHttpServer(options: GatewayHttpServerOptions): Promise<RunningHttpServer> {
  const { apollo, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 2_000_000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const readiness = options.readiness();
      return sendJson(res, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not ready',
        ...readiness.details,
      });
    }
    const route = options.extraRoutes?.[url.pathname];
    if (route) return route(req, res);
    if (url.pathname !== GRAPHQL_PATH) {
      return sendJson(res, 404, { error: `No route for ${url.pathname}; GraphQL is at ${GRAPHQL_PATH}.` });
    }
    if (applyCors(req, res, options.corsOrigins)) return;

    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = parseBody(
          await readBody(req, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs }),
          req.headers,
        );
      } catch (error) {
        if (error instanceof BodyError)
          return sendGraphQLError(res, error.status, error.message, 'BAD_REQUEST');
        throw error;
      }
    }

    const clientGone = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) clientGone.abort(new Error('The client closed the connection.'));
    };
    res.once('close', onClose);
    const deadline = requestDeadline(options.deadline, req.headers[REQUEST_TIMEOUT_HEADER]);
    const request = deadlineSignal(clientGone.signal, deadline);
    const traceparent = headerValue(req.headers[TRACEPARENT_HEADER]);
    const context: GatewayContext = {
      requestId,
      log: log.child({ requestId }),
      signal: request.signal,
      deadline,
      headers: req.headers,
      ...(traceparent && { traceparent }),
    };
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? 'GET',
          headers: toHeaderMap(req),
          search: url.search,
          body,
        },
        context: async () => context,
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      request.dispose();
      res.off('close', onClose);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'unhandled error while serving a request');
      if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error.', 'INTERNAL_SERVER_ERROR');
      else res.destroy();
    });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    port,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get a grace period, then their sockets are cut.
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      return closing;
    },
  };
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(raw: Buffer, headers: IncomingMessage['headers']): unknown {
  if (raw.length === 0) return undefined;
  const type = headers['content-type'] ?? '';
  if (!/^application\/(graphql-response\+)?json\b/i.test(type)) return raw.toString('utf8');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function sendGraphQLError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
