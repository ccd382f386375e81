import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { SIGNATURE_HEADER } from '../signing/request-signature.js';
import type { RequestVerifier } from '../signing/request-verifier.js';
import { ConnectionDrain, type DrainOutcome } from './connection-drain.js';
import { serveGraphQLWs } from './graphql-ws-endpoint.js';
import { httpMetrics } from './http-metrics.js';
import { applyServerTimeouts, headerMapOf, listen } from './node-server.js';
import { BodyError, readBody } from './read-body.js';
import { BUDGET_HEADER, budgetFrom } from './request-budget.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';

/** What every GraphQL context built by the platform carries. */
export interface RequestScope {
  requestId: string;
  log: Logger;
  /** Aborted when the caller's budget (BUDGET_HEADER) is spent: resolvers should stop work. */
  signal: AbortSignal;
  headers: IncomingMessage['headers'];
}

export interface Readiness {
  ready: boolean;
  details?: Record<string, unknown>;
}

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  service: string;
  port: number;
  host?: string;
  log: Logger;
  apollo: ApolloServer<TContext>;
  /** Builds the resolver context of one request from its platform scope. */
  context: (scope: RequestScope) => Promise<TContext> | TContext;
  readiness?: () => Promise<Readiness> | Readiness;
  path?: string;
  maxBodyBytes?: number;
  bodyTimeoutMs?: number;
  /** Served at `/metrics`, with this service's request counts and durations recorded into it. */
  metrics?: Registry;
  /**
   * Serves GraphQL only to requests it accepts (signed by the gateway); others get 401 before
   * their body is parsed. `/healthz` and `/readyz` stay open.
   */
  verifier?: RequestVerifier;
  /**
   * Serves operations over WebSocket (graphql-ws) on `path` too, subscriptions above all, with
   * the same context, signature check and body limit; `formatError` shapes their errors.
   */
  subscriptions?: { schema: GraphQLSchema; formatError?: (error: unknown) => unknown };
}

/** Options of `RunningServer.close`. */
export interface CloseOptions {
  /** How long requests in flight get before their connections are cut (default 5 s). */
  graceMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /**
   * Drains (see ConnectionDrain: readiness 503, no new connections, in-flight requests answered
   * with `Connection: close`), then stops Apollo Server; resolves to how the drain ended.
   */
  close(options?: CloseOptions): Promise<DrainOutcome>;
}

/**
 * Serves an Apollo Server on node:http with `/healthz`, `/readyz`, `/metrics` (given a registry),
 * correlation ids, a body size and read-time limit, the caller's time budget turned into an
 * AbortSignal and, with a verifier, request signatures checked. `close` drains before it stops.
 */
export async function startGraphQLHttpServer<TContext extends BaseContext>(
  options: GraphQLHttpServerOptions<TContext>,
): Promise<RunningServer> {
  const path = options.path ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const { apollo, log, verifier } = options;
  const metrics = options.metrics && httpMetrics(options.metrics, options.service);
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      if (drain.draining) return sendJson(res, 503, { status: 'not ready', reason: 'shutting down' });
      const readiness = (await options.readiness?.()) ?? { ready: true };
      return sendJson(res, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not ready',
        ...readiness.details,
      });
    }
    if (url.pathname === '/metrics' && metrics) return metrics.serve(req, res);
    if (url.pathname !== path)
      return sendJson(res, 404, { error: `No route for ${url.pathname}; GraphQL is at ${path}.` });
    if (!metrics) return serveGraphQL(req, res, url, requestId);
    const started = performance.now();
    let failed = false;
    try {
      await serveGraphQL(req, res, url, requestId);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      metrics.observeRequest(failed ? 500 : res.statusCode, (performance.now() - started) / 1000);
    }
  };

  const serveGraphQL = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
  ): Promise<void> => {
    const reqLog = log.child({ requestId });
    let body: unknown;
    try {
      const raw =
        req.method === 'POST'
          ? await readBody(req, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs })
          : Buffer.alloc(0);
      if (verifier) {
        const parts = { method: req.method ?? 'GET', path: req.url ?? '/', body: raw };
        const verdict = await verifier.verify(parts, req.headers[SIGNATURE_HEADER]);
        if (!verdict.ok) {
          reqLog.warn({ reason: verdict.reason }, 'request refused: signature check failed');
          const code = verdict.status === 401 ? 'UNAUTHENTICATED' : 'SERVICE_UNAVAILABLE';
          return sendGraphQLError(res, verdict.status, `Request refused: ${verdict.reason}.`, code);
        }
      }
      if (req.method === 'POST') body = parseBody(raw, req.headers);
    } catch (error) {
      if (error instanceof BodyError)
        return sendGraphQLError(res, error.status, error.message, 'BAD_REQUEST');
      throw error;
    }

    const budget = budgetFrom(req.headers[BUDGET_HEADER]);
    if (budget === 0)
      return sendGraphQLError(res, 504, 'The request budget was already spent.', 'DEADLINE_EXCEEDED');
    const abort = new AbortController();
    const timer = budget === undefined ? undefined : setTimeout(() => abort.abort(), budget);
    const headers = headerMapOf(req);
    const scope: RequestScope = { requestId, log: reqLog, signal: abort.signal, headers: req.headers };
    try {
      const execution = apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => options.context(scope),
      });
      const response = await raceSignal(execution, abort.signal);
      if (response === undefined) {
        reqLog.warn({ budgetMs: budget }, 'request budget spent; answering without waiting for resolvers');
        return sendGraphQLError(
          res,
          504,
          `The request budget of ${budget} ms was spent.`,
          'DEADLINE_EXCEEDED',
        );
      }
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'unhandled error while serving a request');
      if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error.', 'INTERNAL_SERVER_ERROR');
      else res.destroy();
    });
  });
  applyServerTimeouts(server);
  const drain = new ConnectionDrain(server);
  if (options.subscriptions) {
    const { schema, formatError } = options.subscriptions;
    serveGraphQLWs({
      server,
      drain,
      path,
      schema,
      log,
      maxPayloadBytes: maxBodyBytes,
      ...(verifier && { verifier }),
      ...(formatError && { formatError }),
      context: ({ requestId, headers, signal }) =>
        options.context({ requestId, log: log.child({ requestId }), signal, headers }),
    });
  }
  const port = await listen(server, options.port, options.host);
  const url = `http://localhost:${port}${path}`;
  log.info({ url }, `${options.service} listening`);

  let closing: Promise<DrainOutcome> | undefined;
  const close = (closeOptions: CloseOptions = {}) => {
    closing ??= (async () => {
      const outcome = await drain.drain(closeOptions.graceMs);
      await apollo.stop();
      return outcome;
    })();
    return closing;
  };
  return { url, port, server, close };
}

function parseBody(raw: Buffer, headers: IncomingMessage['headers']): unknown {
  const type = headers['content-type'] ?? '';
  if (raw.length === 0) return undefined;
  if (!/^application\/(graphql-response\+)?json\b/i.test(type)) return raw.toString('utf8');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function sendGraphQLError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
