import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { SubscriptionConfig } from '../config/subscription-config.js';
import { SUBSCRIPTION_LIMIT } from '../errors.js';
import type { GatewayMetrics } from '../observability/gateway-metrics.js';
import type { AdmittedSubscription } from '../request/admitted-subscription.js';
import type { DeadlineSettings } from '../request/deadline.js';
import type { SubgraphSubscriptions } from '../upstream/subgraph-subscriptions.js';
import { ClientStream } from './client-stream.js';
import { SubscriptionHub } from './subscription-hub.js';

/** The transports clients subscribe over. */
export type SubscriptionTransport = 'websocket' | 'multipart';

/** What the subscription service runs with. */
export interface SubscriptionServiceOptions {
  readonly settings: SubscriptionConfig;
  readonly upstream: SubgraphSubscriptions;
  readonly deadline: DeadlineSettings;
  readonly formatError: (error: GraphQLError) => GraphQLFormattedError;
  readonly metrics?: GatewayMetrics;
}

/**
 * Every client subscription of the gateway: opens client streams on the shared upstream
 * subscriptions within the gateway-wide limit, counts them per transport, and ends them all
 * (reason `shutdown`) once `shutdown` is called, as the drain starts.
 */
export class SubscriptionService {
  readonly hub: SubscriptionHub;
  readonly #shutdown = new AbortController();
  readonly #open = new Map<SubscriptionTransport, number>();
  #total = 0;

  constructor(private readonly options: SubscriptionServiceOptions) {
    this.hub = new SubscriptionHub(
      options.upstream,
      options.metrics && {
        setUpstreamSubscriptions: (subgraph, count) =>
          options.metrics?.setUpstreamSubscriptions(subgraph, count),
      },
    );
  }

  get settings(): SubscriptionConfig {
    return this.options.settings;
  }

  /** Aborted once the gateway starts draining. */
  get shuttingDown(): AbortSignal {
    return this.#shutdown.signal;
  }

  /** Client subscriptions open right now. */
  get openCount(): number {
    return this.#total;
  }

  /**
   * A stream for `admitted`, or SUBSCRIPTION_LIMIT when the gateway already holds
   * `SUBSCRIPTIONS_MAX` subscriptions.
   */
  open(
    admitted: AdmittedSubscription,
    transport: SubscriptionTransport,
    requestId: string,
  ): ClientStream | GraphQLFormattedError {
    const { settings } = this.options;
    if (this.#total >= settings.maxTotal) {
      return SUBSCRIPTION_LIMIT.err(
        `The gateway holds ${settings.maxTotal} subscriptions, as many as it serves (SUBSCRIPTIONS_MAX); try again later.`,
        { extensions: { limit: settings.maxTotal } },
      ).toJSON();
    }
    const stream = new ClientStream({
      hub: this.hub,
      admitted,
      deadline: this.options.deadline,
      maxPendingEvents: settings.maxPendingEvents,
      requestId,
      formatError: this.options.formatError,
      shutdown: this.#shutdown.signal,
    });
    this.#count(transport, 1);
    void stream.ended.then(() => this.#count(transport, -1));
    return stream;
  }

  /** Ends every stream (reason `shutdown`) and every upstream subscription. */
  async shutdown(): Promise<void> {
    this.#shutdown.abort();
    await this.options.upstream.close();
  }

  #count(transport: SubscriptionTransport, delta: number): void {
    this.#total += delta;
    const count = (this.#open.get(transport) ?? 0) + delta;
    this.#open.set(transport, count);
    this.options.metrics?.setClientSubscriptions(transport, count);
  }
}
