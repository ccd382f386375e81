import type { GraphQLFormattedError } from 'graphql';
import type { AdmittedSubscription } from '../request/admitted-subscription.js';
import type { SubgraphSubscriptions, UpstreamSink } from '../upstream/subgraph-subscriptions.js';

/** How the hub reports what it holds. */
export interface SubscriptionHubMetrics {
  /** Upstream subscriptions open right now, by subgraph. */
  setUpstreamSubscriptions(subgraph: string, count: number): void;
}

/**
 * Shares upstream subscriptions: client subscriptions asking the same subgraph for the same
 * operation (root field, arguments and the selection that subgraph resolves) with the same
 * forwarded headers listen to ONE subscription of that subgraph, opened for the first and ended
 * after the last. Each listener then resolves the events for its own client.
 */
export class SubscriptionHub {
  readonly #shared = new Map<string, { listeners: Set<UpstreamSink>; stop: () => void; subgraph: string }>();
  readonly #counts = new Map<string, number>();

  constructor(
    private readonly upstream: SubgraphSubscriptions,
    private readonly metrics?: SubscriptionHubMetrics,
  ) {}

  /** Upstream subscriptions open right now (every subgraph). */
  get upstreamCount(): number {
    return this.#shared.size;
  }

  /** Listens to the upstream subscription `admitted` needs; the returned call stops listening. */
  listen(admitted: AdmittedSubscription, sink: UpstreamSink): () => void {
    const key = sharingKey(admitted);
    let shared = this.#shared.get(key);
    if (!shared) {
      const listeners = new Set<UpstreamSink>();
      const forEach = (deliver: (listener: UpstreamSink) => void) => {
        for (const listener of [...listeners]) deliver(listener);
      };
      const ended = () => this.#forget(key);
      const entry: { listeners: Set<UpstreamSink>; stop: () => void; subgraph: string } = {
        listeners,
        stop: () => undefined,
        subgraph: admitted.subgraph,
      };
      this.#shared.set(key, entry);
      this.#count(admitted.subgraph, 1);
      entry.stop = this.upstream.subscribe(admitted.subgraph, admitted.request, admitted.headers, {
        next: (event) => forEach((listener) => listener.next(event)),
        interrupted: (reason) => forEach((listener) => listener.interrupted(reason)),
        failed: (errors: readonly GraphQLFormattedError[]) => {
          ended();
          forEach((listener) => listener.failed(errors));
        },
        complete: () => {
          ended();
          forEach((listener) => listener.complete());
        },
      });
      shared = entry;
    }
    const entry = shared;
    entry.listeners.add(sink);
    return () => {
      if (!entry.listeners.delete(sink) || entry.listeners.size > 0) return;
      if (this.#shared.get(key) !== entry) return;
      this.#forget(key);
      entry.stop();
    };
  }

  #forget(key: string): void {
    const entry = this.#shared.get(key);
    if (!entry) return;
    this.#shared.delete(key);
    this.#count(entry.subgraph, -1);
  }

  #count(subgraph: string, delta: number): void {
    const count = (this.#counts.get(subgraph) ?? 0) + delta;
    this.#counts.set(subgraph, count);
    this.metrics?.setUpstreamSubscriptions(subgraph, count);
  }
}

function sharingKey(admitted: AdmittedSubscription): string {
  const headers = Object.entries(admitted.headers).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([
    admitted.subgraph,
    admitted.request.query,
    admitted.request.operationName ?? null,
    admitted.request.variables ?? {},
    headers,
  ]);
}
