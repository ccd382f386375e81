import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { SUBSCRIPTION_ENDED, SUBSCRIPTION_INTERRUPTED } from '../errors.js';
import type { AdmittedSubscription } from '../request/admitted-subscription.js';
import { type DeadlineSettings, deadlineSignal, requestDeadline } from '../request/deadline.js';
import type { OperationResult } from '../request/request-executor.js';
import type { SubgraphResponse } from '../upstream/subgraph-client.js';
import type { SubscriptionHub } from './subscription-hub.js';

/** Why a client's stream ended. */
export type StreamEnd =
  /** The subgraph completed the subscription. */
  | { readonly reason: 'completed' }
  /** The subgraph refused or ended it with errors, or could not be reached again. */
  | { readonly reason: 'failed'; readonly errors: readonly GraphQLFormattedError[] }
  /** The client fell more events behind than allowed. */
  | { readonly reason: 'slow' }
  /** The token the subscription was admitted with expired. */
  | { readonly reason: 'expired' }
  /** The gateway started draining. */
  | { readonly reason: 'shutdown' }
  /** The client stopped it. */
  | { readonly reason: 'cancelled' };

/** What a client stream runs with. */
export interface ClientStreamOptions {
  readonly hub: SubscriptionHub;
  readonly admitted: AdmittedSubscription;
  /** Each event's fetches get the default request deadline. */
  readonly deadline: DeadlineSettings;
  /** Events (and notices) waiting for the client before it counts as too slow. */
  readonly maxPendingEvents: number;
  readonly requestId: string;
  /** Formats each error of a resolved event as the gateway formats every error (masking included). */
  readonly formatError: (error: GraphQLError) => GraphQLFormattedError;
  /** Aborted when the gateway starts draining. */
  readonly shutdown: AbortSignal;
}

type Pending =
  | { kind: 'event'; event: SubgraphResponse }
  | { kind: 'notice'; result: FormattedExecutionResult };

/** Longest a timer may be set for (setTimeout's limit). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One client's subscription, as the results it is sent: it listens to the shared upstream
 * subscription and resolves each event in order with the rest of the plan (one at a time, each
 * under its own deadline). Events wait in a bounded queue: a client that falls further behind is
 * ended ('slow') instead of being buffered for. A dropped subgraph connection is told to the
 * client as a SUBSCRIPTION_INTERRUPTED result. The stream also ends when the token it was
 * admitted with expires and when the gateway drains; `ended` says why, for the transport to pick
 * its close code.
 */
export class ClientStream implements AsyncIterableIterator<FormattedExecutionResult> {
  /** Resolves once the stream has ended, with why. */
  readonly ended: Promise<StreamEnd>;
  readonly #pending: Pending[] = [];
  readonly #stopListening: () => void;
  readonly #cancel = new AbortController();
  #settle!: (end: StreamEnd) => void;
  #end: StreamEnd | undefined;
  /** An end that comes after the events already queued (completion, upstream failure). */
  #endAfterQueue: StreamEnd | undefined;
  #wake: (() => void) | undefined;
  #expiry: NodeJS.Timeout | undefined;
  readonly #onShutdown = () => this.#finish({ reason: 'shutdown' });

  constructor(private readonly options: ClientStreamOptions) {
    this.ended = new Promise((resolve) => {
      this.#settle = resolve;
    });
    const { admitted } = options;
    this.#stopListening = options.hub.listen(admitted, {
      next: (event) => this.#enqueue({ kind: 'event', event }),
      interrupted: (reason) =>
        this.#enqueue({
          kind: 'notice',
          result: {
            errors: [
              {
                message: `The ${admitted.subgraph} subgraph's subscription connection ${reason}; reconnecting, events resume once it is back.`,
                extensions: { code: SUBSCRIPTION_INTERRUPTED.code, serviceName: admitted.subgraph },
              },
            ],
          },
        }),
      failed: (errors) =>
        this.#finishAfterQueue({
          reason: 'failed',
          errors: admitted.exposeEndErrors?.(errors, options.requestId) ?? errors,
        }),
      complete: () => this.#finishAfterQueue({ reason: 'completed' }),
    });
    if (options.shutdown.aborted) this.#onShutdown();
    else options.shutdown.addEventListener('abort', this.#onShutdown, { once: true });
    if (admitted.expiresAt !== undefined) {
      const left = admitted.expiresAt - Date.now();
      if (left <= 0) this.#finish({ reason: 'expired' });
      else this.#expiry = setTimeout(() => this.#finish({ reason: 'expired' }), Math.min(left, MAX_TIMER_MS));
    }
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult>> {
    for (;;) {
      if (this.#end) return { done: true, value: undefined };
      const item = this.#pending.shift();
      if (item?.kind === 'notice') return { done: false, value: item.result };
      if (item?.kind === 'event') {
        const result = await this.#resolve(item.event);
        if (this.#end) return { done: true, value: undefined };
        return { done: false, value: result };
      }
      if (this.#endAfterQueue) {
        this.#finish(this.#endAfterQueue);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.#finish({ reason: 'cancelled' });
    return { done: true, value: undefined };
  }

  /** The subgraph serving the subscription. */
  get subgraph(): string {
    return this.options.admitted.subgraph;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FormattedExecutionResult> {
    return this;
  }

  /** Ends the stream now (a transport's own reason: shutdown, a slow socket). */
  stop(end: StreamEnd): void {
    this.#finish(end);
  }

  /** The last result to send a client whose stream ended for `end`, when there is one. */
  static finalErrors(end: StreamEnd, subgraph: string): readonly GraphQLFormattedError[] | undefined {
    switch (end.reason) {
      case 'failed':
        return end.errors.map((error) => ({
          ...error,
          extensions: { code: SUBSCRIPTION_ENDED.code, serviceName: subgraph, ...error.extensions },
        }));
      case 'slow':
        return [ended('The client fell too far behind the events of its subscription; subscribe again.')];
      case 'expired':
        return [ended("The subscription's token expired; subscribe again with a fresh one.")];
      case 'shutdown':
        return [ended('The gateway is shutting down; subscribe again (another instance will serve it).')];
      default:
        return undefined;
    }
  }

  async #resolve(event: SubgraphResponse): Promise<FormattedExecutionResult> {
    const deadline = requestDeadline(this.options.deadline, undefined);
    const signal = deadlineSignal(this.#cancel.signal, deadline);
    try {
      const result: OperationResult = await this.options.admitted.resolve(event, {
        signal: signal.signal,
        deadline,
        requestId: this.options.requestId,
      });
      return {
        ...('data' in result && { data: result.data ?? null }),
        ...(result.errors &&
          result.errors.length > 0 && {
            errors: result.errors.map((error) => this.options.formatError(error)),
          }),
      } as FormattedExecutionResult;
    } finally {
      signal.dispose();
    }
  }

  #enqueue(item: Pending): void {
    if (this.#end || this.#endAfterQueue) return;
    if (this.#pending.length >= this.options.maxPendingEvents) {
      this.#finish({ reason: 'slow' });
      return;
    }
    this.#pending.push(item);
    this.#wake?.();
  }

  #finishAfterQueue(end: StreamEnd): void {
    this.#endAfterQueue ??= end;
    this.#wake?.();
  }

  #finish(end: StreamEnd): void {
    if (this.#end) return;
    this.#end = end;
    this.#pending.length = 0;
    clearTimeout(this.#expiry);
    this.options.shutdown.removeEventListener('abort', this.#onShutdown);
    this.#stopListening();
    this.#cancel.abort(new Error(`The subscription ended (${end.reason}).`));
    this.#settle(end);
    this.#wake?.();
  }
}

function ended(message: string): GraphQLFormattedError {
  return { message, extensions: { code: SUBSCRIPTION_ENDED.code } };
}
