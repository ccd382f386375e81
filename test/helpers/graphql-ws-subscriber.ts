import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A WebSocket close, as the client saw it. */
export interface SocketClose {
  code: number;
  reason: string;
}

/** One graphql-ws subscription of a test, recording everything it is told. */
export interface WsSubscriber {
  /** Every `next` payload, in order. */
  readonly results: FormattedExecutionResult[];
  /** Errors of an `error` message, or the close that ended the subscription. */
  readonly failure: Promise<unknown>;
  /** Resolves when the server completes the subscription. */
  readonly completed: Promise<void>;
  /** The first close of the connection. */
  readonly closed: Promise<SocketClose>;
  /** Completes the subscription and closes the connection. */
  dispose(): Promise<void>;
}

/**
 * Subscribes to `query` over graphql-ws at `url` (an http:// GraphQL URL is turned into ws://), on
 * a connection of its own that never retries, sending `connectionParams` in `connection_init`.
 */
export function subscribeOverWs(
  url: string,
  payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  connectionParams?: Record<string, unknown>,
): WsSubscriber {
  const results: FormattedExecutionResult[] = [];
  let fail!: (reason: unknown) => void;
  let complete!: () => void;
  let close!: (close: SocketClose) => void;
  const failure = new Promise<unknown>((resolve) => {
    fail = resolve;
  });
  const completed = new Promise<void>((resolve) => {
    complete = resolve;
  });
  const closed = new Promise<SocketClose>((resolve) => {
    close = resolve;
  });
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    ...(connectionParams && { connectionParams }),
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        close({ code, reason: String(reason) });
      },
    },
  });
  client.subscribe(payload, {
    next: (value) => {
      results.push(value as FormattedExecutionResult);
    },
    error: (error) => fail(error),
    complete: () => complete(),
  });
  return {
    results,
    failure,
    completed,
    closed,
    dispose: () => client.dispose() as Promise<void>,
  };
}
