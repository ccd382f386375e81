import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** The incremental delivery format Apollo Client and Sandbox read for `@defer`. */
export const DEFER_SPEC = 'deferSpec=20220824';
/** The format Apollo Client and Sandbox read for subscriptions over HTTP. */
export const SUBSCRIPTION_SPEC = 'subscriptionSpec=1.0';

const PART_HEADERS = 'content-type: application/json; charset=utf-8\r\n\r\n';

const MULTIPART_MIXED = /multipart\/mixed/i;

/**
 * True when the `Accept` header takes `multipart/mixed` with the given spec parameter (e.g.
 * `multipart/mixed;deferSpec=20220824, application/json`): a media range with a different spec,
 * or a q of 0, does not count.
 */
export function acceptsMultipart(accept: IncomingHttpHeaders['accept'], spec: string): boolean {
  // Most clients accept no multipart at all: that needs no parsing of their ranges.
  if (!accept || !MULTIPART_MIXED.test(accept)) return false;
  const wanted = spec.toLowerCase().replace(/\s+/g, '');
  for (const range of accept.split(',')) {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'multipart/mixed') continue;
    // `subscriptionSpec="1.0"` (Apollo's documentation) and `subscriptionSpec=1.0` (Apollo Client) alike.
    const compact = parameters.map((parameter) => parameter.replace(/\s+/g, '').replace(/"/g, ''));
    if (compact.some((parameter) => /^q=0(\.0*)?$/.test(parameter))) continue;
    if (compact.includes(wanted)) return true;
  }
  return false;
}

/** How a multipart response starts. */
export interface MultipartResponseOptions {
  /** The spec parameter of the response's content type (`DEFER_SPEC`, `SUBSCRIPTION_SPEC`). */
  readonly spec: string;
  /** HTTP status (200 unless said). */
  readonly status?: number;
  /** Headers to send besides the content type (e.g. ones another layer already decided). */
  readonly headers?: Iterable<readonly [string, string]>;
}

/**
 * A `multipart/mixed; boundary="-"` response of JSON parts, written as Apollo Server and Apollo
 * Router write incremental delivery: every part is followed at once by the boundary, so a client
 * reads it without waiting for the next one; `end` closes the stream. Writes wait while the
 * socket is full (back-pressure); `pendingBytes` tells how much is still buffered, so a caller can
 * drop a client that does not read. After the client goes away, `signal` is aborted and every
 * write resolves false.
 */
export class MultipartResponse {
  private readonly aborted = new AbortController();
  private started = false;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: MultipartResponseOptions,
  ) {
    const onClose = () => {
      if (!res.writableFinished) this.aborted.abort(new Error('The client closed the connection.'));
    };
    res.once('close', onClose);
  }

  /** Aborted when the client goes away before the response ended. */
  get signal(): AbortSignal {
    return this.aborted.signal;
  }

  /** True once the client went away (or `abort` was called). */
  get closed(): boolean {
    return this.aborted.signal.aborted || this.res.destroyed;
  }

  /** Bytes written but not yet handed to the socket. */
  get pendingBytes(): number {
    return this.res.writableLength;
  }

  /**
   * Writes one JSON part (sending the response head first). Resolves once the part is handed to
   * the socket (at once unless the socket is full): true, or false when the client went away.
   */
  async writePart(payload: unknown): Promise<boolean> {
    if (this.ended) throw new Error('The multipart response has already ended.');
    if (this.closed) return false;
    const opening = this.started ? '\r\n' : '\r\n---\r\n';
    this.startOnce();
    const flushed = this.res.write(`${opening}${PART_HEADERS}${JSON.stringify(payload)}\r\n---`);
    return flushed ? true : this.drained();
  }

  /** Ends the stream with the closing boundary (sending the head first when no part was written). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.closed) return;
    const wasStarted = this.started;
    this.startOnce();
    this.res.end(wasStarted ? '--\r\n' : '\r\n-----\r\n');
  }

  /** Cuts the response (e.g. a client too slow to read): the connection is destroyed. */
  abort(reason: Error): void {
    this.ended = true;
    if (!this.aborted.signal.aborted) this.aborted.abort(reason);
    this.res.destroy();
  }

  private startOnce(): void {
    if (this.started) return;
    this.started = true;
    if (this.res.headersSent) return;
    for (const [name, value] of this.options.headers ?? []) this.res.setHeader(name, value);
    this.res.statusCode = this.options.status ?? 200;
    this.res.setHeader('content-type', `multipart/mixed; boundary="-"; ${this.options.spec}`);
    // Proxies must pass each part on as it comes (nginx buffers otherwise).
    this.res.setHeader('cache-control', 'no-cache');
    this.res.setHeader('x-accel-buffering', 'no');
    this.res.removeHeader('content-length');
    this.res.flushHeaders();
  }

  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (flushed: boolean) => {
        this.res.off('drain', onDrain);
        this.aborted.signal.removeEventListener('abort', onAbort);
        resolve(flushed);
      };
      const onDrain = () => done(true);
      const onAbort = () => done(false);
      this.res.once('drain', onDrain);
      this.aborted.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
