import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphRequest, SubgraphResponse } from '../upstream/subgraph-client.js';
import type { OperationResult } from './request-executor.js';

/** What one event of a subscription is resolved under: its own deadline and signal. */
export interface EventScope {
  readonly signal: AbortSignal;
  /** Absolute deadline (epoch ms) of the event's fetches. */
  readonly deadline: number;
  readonly requestId: string;
  readonly traceparent?: string;
}

/**
 * A subscription the request module admitted and planned: the subscription the subgraph owning
 * its root field is asked for, and how each of that subgraph's events becomes the client's result.
 */
export interface AdmittedSubscription {
  /** The subgraph serving the root field. */
  readonly subgraph: string;
  /** The subgraph operation (the plan's root fetch) with the variables it uses. */
  readonly request: SubgraphRequest;
  /** The client headers the header rules forward to that subgraph. */
  readonly headers: Readonly<Record<string, string>>;
  /** Resolves one event of the subgraph with the rest of the plan (entity fetches, shaping). */
  resolve(event: SubgraphResponse, scope: EventScope): Promise<OperationResult>;
  /**
   * The errors the subgraph ended the subscription with, as this client may see them (the
   * production filter of subgraph errors); unchanged when absent.
   */
  exposeEndErrors?(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[];
  /** When the request's token stops being valid (epoch ms), for a request that carried one. */
  readonly expiresAt?: number;
}

/**
 * Where a transport that can stream (WebSocket, multipart HTTP) takes an admitted subscription: a
 * request context without one answers subscriptions with SUBSCRIPTION_TRANSPORT_REQUIRED.
 */
export interface SubscriptionSlot {
  accept(subscription: AdmittedSubscription): void;
}
