import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { ResponseBody, type ResponseBodyError } from './response-body.js';
import type { CallSignal } from './subgraph-client.js';

/** An answer whose status line and headers arrived; its body is still coming. */
export interface StartedAnswer {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** The whole body, decoded; rejects with a ResponseBodyError when it cannot be read in full. */
  readonly body: Promise<Buffer>;
}

/**
 * Sends one request through an undici dispatcher and gathers its answer's body into one buffer,
 * straight from the dispatcher's callbacks: no body stream, no async iteration, one promise for
 * the headers and one for the body. The promise rejects with the transport's error when no answer
 * started (a refused or reset connection, a headers timeout, malformed HTTP), or with `signal`'s
 * reason as soon as it aborts; the connection is then closed. Reading stops (and the connection
 * closes) at `maxBytes` of body, see `ResponseBody`.
 */
export function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: CallSignal,
  maxBytes: number,
): Promise<StartedAnswer> {
  return new Promise<StartedAnswer>((resolve, reject) => {
    const handler = new BufferingHandler(signal, maxBytes, resolve, reject);
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      handler.fail(error);
    }
  });
}

/** Where the exchange stands: before the answer started, reading its body, or over. */
type Phase = 'waiting' | 'reading' | 'over';

class BufferingHandler implements Dispatcher.DispatchHandler {
  private phase: Phase = 'waiting';
  private controller: Dispatcher.DispatchController | undefined;
  private body: ResponseBody | undefined;
  private settleBody:
    | { resolve(body: Buffer | Promise<Buffer>): void; reject(error: unknown): void }
    | undefined;
  private readonly onAbort = () => {
    const reason = this.signal.reason;
    this.fail(reason);
    this.controller?.abort(reason as Error);
  };

  constructor(
    private readonly signal: CallSignal,
    private readonly maxBytes: number,
    private readonly resolve: (answer: StartedAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while the request waited for a connection: it is not sent.
    if (this.phase === 'over') controller.abort(this.signal.reason as Error);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    // Informational answers (100 Continue, 103 Early Hints) come before the real one.
    if (statusCode < 200 || this.phase !== 'waiting') return;
    this.phase = 'reading';
    const body = new Promise<Buffer>((resolve, reject) => {
      this.settleBody = { resolve, reject };
    });
    // Its reader awaits it right after the headers; until then a failure must not go unhandled.
    body.catch(() => {});
    this.resolve({ statusCode, headers, body });
    try {
      this.body = new ResponseBody({
        contentEncoding: headers['content-encoding'],
        contentLength: headers['content-length'],
        maxBytes: this.maxBytes,
      });
    } catch (error) {
      this.failBody(error as ResponseBodyError, controller);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.phase !== 'reading' || !this.body) return;
    try {
      this.body.push(chunk);
    } catch (error) {
      this.failBody(error as ResponseBodyError, controller);
    }
  }

  onResponseEnd(): void {
    if (this.phase !== 'reading' || !this.body) return;
    this.finish();
    this.settleBody?.resolve(this.body.end());
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  /** Ends the exchange with `error`: as the answer's error before it started, the body's after. */
  fail(error: unknown): void {
    if (this.phase === 'waiting') {
      this.finish();
      this.reject(error);
    } else if (this.phase === 'reading') {
      this.finish();
      this.settleBody?.reject(this.body ? this.body.interrupted(error) : error);
    }
  }

  private failBody(error: ResponseBodyError, controller: Dispatcher.DispatchController): void {
    this.finish();
    this.settleBody?.reject(error);
    controller.abort(error);
  }

  private finish(): void {
    this.phase = 'over';
    this.signal.removeEventListener('abort', this.onAbort);
  }
}
