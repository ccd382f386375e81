import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How a drain ended: every request in flight was answered, or the grace period ran out first. */
export type DrainOutcome = 'drained' | 'cut';

/** How long in-flight requests get when a caller does not say (tests, embedders). */
export const DEFAULT_DRAIN_GRACE_MS = 5_000;

/**
 * Lets a node:http server stop without dropping the requests it is serving. It tracks every
 * request in flight; `drain` then, at once, stops accepting connections (new ones are refused),
 * marks the server as draining (readiness answers 503), asks every response not yet started to
 * close its connection (`Connection: close`, so keep-alive clients move to another instance) and
 * closes idle keep-alive connections. Once the last request in flight is answered the connections
 * left (idle ones, or ones that never sent a whole request) are closed; after `graceMs` whatever is
 * still open is cut.
 */
export class ConnectionDrain {
  readonly #inFlight = new Set<ServerResponse>();
  readonly #sockets = new Set<Socket>();
  readonly #started = new AbortController();
  #outcome: Promise<DrainOutcome> | undefined;
  #allAnswered: (() => void) | undefined;

  constructor(private readonly server: Server) {
    // Prepended so it runs before the handler, which may answer in the same tick (/healthz).
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.#track(res));
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** True from the moment `drain` is called. */
  get draining(): boolean {
    return this.#started.signal.aborted;
  }

  /**
   * Aborted when the drain starts: a long-lived response (a stream) listens to it and ends itself
   * with a close code instead of holding the drain until the grace period runs out.
   */
  get signal(): AbortSignal {
    return this.#started.signal;
  }

  /**
   * Leaves `socket` to whoever took it over (a WebSocket upgrade): the drain no longer closes it,
   * so its new owner can end it with a close code of its own when `signal` aborts.
   */
  release(socket: Socket): void {
    this.#sockets.delete(socket);
  }

  /** Requests being served right now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts the drain (once; later calls return the same outcome). */
  drain(graceMs: number = DEFAULT_DRAIN_GRACE_MS): Promise<DrainOutcome> {
    this.#outcome ??= new Promise<DrainOutcome>((resolve) => {
      this.#started.abort();
      let outcome: DrainOutcome = 'drained';
      const cutOff = setTimeout(() => {
        if (this.#inFlight.size > 0) outcome = 'cut';
        this.server.closeAllConnections();
      }, graceMs);
      this.server.close(() => {
        clearTimeout(cutOff);
        resolve(outcome);
      });
      for (const res of this.#inFlight) closeConnectionAfter(res);
      this.server.closeIdleConnections();
      this.#allAnswered = () => this.#closeUnanswered();
      if (this.#inFlight.size === 0) this.#allAnswered();
    });
    return this.#outcome;
  }

  /**
   * Closes every connection that is not already closing after its answer: idle ones, and ones
   * that connected or began a request after the drain started. A connection ending after its
   * response is left to finish, since destroying it could lose the response's last bytes.
   */
  #closeUnanswered(): void {
    for (const socket of this.#sockets) if (!socket.writableEnded) socket.destroy();
  }

  #track(res: ServerResponse): void {
    if (this.draining) closeConnectionAfter(res);
    this.#inFlight.add(res);
    res.once('close', () => {
      this.#inFlight.delete(res);
      if (this.#inFlight.size === 0) this.#allAnswered?.();
    });
  }
}

function closeConnectionAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
