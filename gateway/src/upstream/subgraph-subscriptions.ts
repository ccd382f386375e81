import type { GraphQLFormattedError } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { SIGNATURE_HEADER, signRequest } from '../../../platform/signing/request-signature.js';
import type { SubgraphRequest, SubgraphResponse } from './subgraph-client.js';

/** What one upstream subscription tells whoever listens to it. */
export interface UpstreamSink {
  /** One event of the subgraph: its GraphQL result for the subscribed operation. */
  next(event: SubgraphResponse): void;
  /** The connection carrying it dropped; the client reconnects with backoff and subscribes again. */
  interrupted(reason: string): void;
  /** The subgraph refused or ended it with errors, or reconnecting gave up. */
  failed(errors: readonly GraphQLFormattedError[]): void;
  /** The subgraph completed it. */
  complete(): void;
}

/** The gateway's port to subgraph subscriptions: subscribe to one operation of one subgraph. */
export interface SubgraphSubscriptions {
  /** Starts a subscription; the returned call ends it. */
  subscribe(
    subgraph: string,
    request: SubgraphRequest,
    headers: Readonly<Record<string, string>>,
    sink: UpstreamSink,
  ): () => void;
  /** Ends every upstream subscription and connection. */
  close(): Promise<void>;
}

/** How subgraph subscriptions are reached. */
export interface WsSubgraphSubscriptionsOptions {
  /** Subgraph HTTP URLs by name; the WebSocket URL is the same with `ws(s):`. */
  urls: ReadonlyMap<string, string>;
  /** Signs each connection's upgrade request as every other subgraph call is signed. */
  signingSecret?: string;
  log: Logger;
  /** Reconnections after a drop before the subscriptions on it fail. */
  reconnectAttempts: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Largest message accepted from a subgraph, in bytes. */
  maxMessageBytes: number;
}

/**
 * Subgraph subscriptions over WebSocket with the graphql-ws protocol: one lazy connection per
 * subgraph and forwarded-header set carries every subscription to it (opened on the first, closed
 * after the last). WebSocket rather than HTTP multipart or callbacks: one connection multiplexes
 * any number of subscriptions with protocol-level keep-alive, the subgraphs' graphql-ws endpoint
 * runs their schemas' own subscribe resolvers unchanged, and reconnecting and resubscribing is
 * the graphql-ws client's own, so the gateway keeps no per-stream HTTP requests that its
 * request-sized pools, timeouts and retries would fight. The upgrade request is signed (method
 * GET, its target, an empty body) with a fresh timestamp and nonce on every (re)connection, so a
 * subgraph serving only signed requests accepts the connection and everything sent on it.
 */
export class WsSubgraphSubscriptions implements SubgraphSubscriptions {
  readonly #clients = new Map<string, { client: Client; sinks: Set<UpstreamSink> }>();
  #closed = false;

  constructor(private readonly options: WsSubgraphSubscriptionsOptions) {}

  subscribe(
    subgraph: string,
    request: SubgraphRequest,
    headers: Readonly<Record<string, string>>,
    sink: UpstreamSink,
  ): () => void {
    if (this.#closed) {
      sink.failed([{ message: 'The gateway is shutting down.' }]);
      return () => undefined;
    }
    const connection = this.#connection(subgraph, headers);
    connection.sinks.add(sink);
    let ended = false;
    const end = () => {
      ended = true;
      connection.sinks.delete(sink);
    };
    const stop = connection.client.subscribe(
      {
        query: request.query,
        ...(request.variables && { variables: request.variables }),
        ...(request.operationName && { operationName: request.operationName }),
      },
      {
        next: (value) => {
          if (!ended) sink.next(value as SubgraphResponse);
        },
        error: (error) => {
          if (ended) return;
          end();
          sink.failed(errorsOf(error, subgraph));
        },
        complete: () => {
          if (ended) return;
          end();
          sink.complete();
        },
      },
    );
    return () => {
      if (ended) return;
      end();
      stop();
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.allSettled(clients.map(({ client }) => client.dispose()));
  }

  #connection(subgraph: string, headers: Readonly<Record<string, string>>) {
    const key = `${subgraph}\n${JSON.stringify(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    let connection = this.#clients.get(key);
    if (connection) return connection;
    const httpUrl = this.options.urls.get(subgraph);
    if (!httpUrl) throw new Error(`No URL for subgraph ${subgraph}.`);
    const url = httpUrl.replace(/^http/, 'ws');
    const { log, signingSecret } = this.options;
    const sinks = new Set<UpstreamSink>();
    const maxPayload = this.options.maxMessageBytes;
    let connectedOnce = false;
    let dropped = false;
    const client = createClient({
      url,
      lazy: true,
      lazyCloseTimeout: 0,
      retryAttempts: this.options.reconnectAttempts,
      retryWait: (retries) => backoff(retries, this.options.reconnectBaseMs, this.options.reconnectMaxMs),
      // A refused connection (the subgraph restarting) is worth retrying as much as a dropped one.
      shouldRetry: () => true,
      webSocketImpl: class SignedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          const target = new URL(address);
          const signature = signingSecret
            ? {
                [SIGNATURE_HEADER]: signRequest(
                  { method: 'GET', path: `${target.pathname}${target.search}`, body: '' },
                  signingSecret,
                ),
              }
            : {};
          super(address, protocols, { headers: { ...headers, ...signature }, maxPayload });
        }
      },
      on: {
        connected: () => {
          if (connectedOnce) log.info({ subgraph }, 'subgraph subscription connection re-established');
          connectedOnce = true;
          dropped = false;
        },
        closed: (event) => {
          // Told once per drop, not once per failed reconnection attempt.
          if (this.#closed || sinks.size === 0 || dropped) return;
          dropped = true;
          const reason = describeClose(event);
          log.warn({ subgraph, reason }, 'subgraph subscription connection dropped; reconnecting');
          // Clients are told the close code only: a reason or socket error may name an address.
          for (const sink of [...sinks]) sink.interrupted(describeCloseForClients(event));
        },
      },
    });
    connection = { client, sinks };
    this.#clients.set(key, connection);
    return connection;
  }
}

/** Exponential backoff with full jitter between `base` and the cap, after `retries` failed attempts. */
function backoff(retries: number, baseMs: number, maxMs: number): Promise<void> {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retries);
  const wait = baseMs / 2 + Math.random() * (ceiling - baseMs / 2);
  return new Promise((resolve) => setTimeout(resolve, wait));
}

function describeClose(event: unknown): string {
  if (typeof event === 'object' && event !== null && 'code' in event) {
    const { code, reason } = event as { code: number; reason?: string };
    return reason ? `closed with ${code} (${reason})` : `closed with ${code}`;
  }
  return event instanceof Error ? event.message : 'connection failed';
}

function describeCloseForClients(event: unknown): string {
  if (typeof event === 'object' && event !== null && 'code' in event) {
    return `closed with ${(event as { code: number }).code}`;
  }
  return 'failed';
}

function errorsOf(error: unknown, subgraph: string): GraphQLFormattedError[] {
  if (Array.isArray(error)) return error as GraphQLFormattedError[];
  return [{ message: `The ${subgraph} subgraph ended the subscription: ${describeClose(error)}.` }];
}
