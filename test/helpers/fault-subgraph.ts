import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { SIGNATURE_HEADER } from '../../platform/signing/request-signature.js';

// Captured at import, before any test installs fake timers: the fake must keep real time.
const realSetTimeout = globalThis.setTimeout;

/** How the fake answers one request. */
export type Fault =
  /** Answer normally (proxy to the target, or call `respond`). */
  | { kind: 'healthy' }
  /** Never answer; the request stays open until the client gives up or the fake closes. */
  | { kind: 'hang' }
  /** Answer normally after `delayMs` of real time. */
  | { kind: 'slow'; delayMs: number }
  /** Answer with this status (and `Retry-After`, and `body`: JSON when an object). */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string | object }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Write the status line, headers and part of the body on the raw socket, then cut it. */
  | { kind: 'cut' }
  /** Answer 200 with a valid but `bytes`-long JSON body (gzipped when `gzip`). */
  | { kind: 'oversized'; bytes: number; gzip?: boolean }
  /** Destroy the connection without answering (reset). */
  | { kind: 'reset' };

/** One request the fake received. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The fault it was answered with. */
  fault: Fault['kind'];
}

/** A fake subgraph on 127.0.0.1 whose answers a test scripts. */
export interface FaultSubgraph {
  readonly url: string;
  /** Requests received since start (or the last `reset`), including faulted ones. */
  readonly requests: readonly ReceivedRequest[];
  /** Hanging or slow requests whose client hung up before the fake answered (e.g. on a timeout). */
  readonly abandoned: number;
  /** The fault for every request not covered by a script. */
  setFault(fault: Fault): void;
  /** Faults for the next requests, in order; then back to the `setFault` default. */
  script(...faults: Fault[]): void;
  /** Stops listening: connections are refused until `up`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Forgets received requests and scripts, and goes back to healthy. */
  reset(): void;
  close(): Promise<void>;
}

export interface FaultSubgraphOptions {
  /** A real subgraph URL to forward healthy requests to. */
  target?: string;
  /** Or the answer to a healthy request, computed in-process. */
  respond?: (body: unknown, headers: IncomingHttpHeaders) => unknown | Promise<unknown>;
}

/**
 * Starts a controllable subgraph on a loopback port chosen by the OS. Healthy requests are
 * forwarded to `target` or answered by `respond`; every other answer comes from the scripted
 * faults. It counts every request it receives, so a test can prove a call never reached it.
 */
export async function startFaultSubgraph(options: FaultSubgraphOptions): Promise<FaultSubgraph> {
  let fallback: Fault = { kind: 'healthy' };
  let queue: Fault[] = [];
  let received: ReceivedRequest[] = [];
  let abandoned = 0;
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readAll(req);
    const fault = queue.shift() ?? fallback;
    const body = parseJson(raw);
    received.push({ headers: req.headers, body, fault: fault.kind });
    if (fault.kind === 'hang' || fault.kind === 'slow') {
      res.on('close', () => {
        hanging.delete(res);
        if (!res.writableFinished) abandoned += 1;
      });
    }
    switch (fault.kind) {
      case 'healthy':
        return answerHealthy(res, raw, body, req.headers);
      case 'slow':
        await new Promise((resolve) => realSetTimeout(resolve, fault.delayMs));
        if (res.destroyed) return;
        return answerHealthy(res, raw, body, req.headers);
      case 'hang':
        hanging.add(res);
        return;
      case 'status': {
        const text =
          typeof fault.body === 'object' ? JSON.stringify(fault.body) : (fault.body ?? 'upstream failure');
        res.writeHead(fault.status, {
          'content-type': typeof fault.body === 'object' ? 'application/json' : 'text/plain',
          ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
        });
        res.end(text);
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": {"oops": tru');
        return;
      case 'cut': {
        const socket = req.socket;
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{"data":{"product":{"id":"p1","na',
        );
        realSetTimeout(() => socket.destroy(), 10);
        return;
      }
      case 'oversized': {
        const json = Buffer.from(JSON.stringify({ data: { padding: 'x'.repeat(fault.bytes) } }));
        const payload = fault.gzip ? gzipSync(json) : json;
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(fault.gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(payload);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      default:
        return assertNever(fault);
    }
  };

  const answerHealthy = async (
    res: ServerResponse,
    raw: Buffer,
    body: unknown,
    headers: IncomingHttpHeaders,
  ): Promise<void> => {
    if (options.target) {
      const forwarded = await request(options.target, {
        method: 'POST',
        headers: pickForwardHeaders(headers),
        body: raw,
      });
      const text = await forwarded.body.text();
      if (res.destroyed) return;
      res.writeHead(forwarded.statusCode, { 'content-type': 'application/json' });
      res.end(text);
      return;
    }
    const answer = options.respond ? await options.respond(body, headers) : { data: null };
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  };

  let server = newServer(handle);
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;

  const stop = async (target: Server) => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    await new Promise<void>((resolve) => {
      target.close(() => resolve());
      target.closeAllConnections();
    });
  };

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get requests() {
      return received;
    },
    get abandoned() {
      return abandoned;
    },
    setFault(fault) {
      fallback = fault;
    },
    script(...faults) {
      queue.push(...faults);
    },
    down: () => stop(server),
    up: async () => {
      server = newServer(handle);
      await listen(server, port);
    },
    reset() {
      fallback = { kind: 'healthy' };
      queue = [];
      received = [];
      abandoned = 0;
    },
    close: async () => {
      if (server.listening) await stop(server);
    },
  };
}

function newServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('fault subgraph failed');
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

// A signed request stays valid through the fake: the signature covers method, path and body.
const FORWARDED = [
  'content-type',
  'accept',
  'x-request-id',
  'traceparent',
  'x-request-budget-ms',
  SIGNATURE_HEADER,
];

function pickForwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

function assertNever(value: never): never {
  throw new Error(`Unknown fault ${JSON.stringify(value)}`);
}
