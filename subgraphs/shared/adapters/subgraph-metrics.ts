import { Counter, Registry } from 'prom-client';
import type { EventMetrics } from '../ports/event-metrics.js';

const DEAD_LETTERS = 'hexagraph_subgraph_dead_letters_total';

/**
 * A subgraph's Prometheus metrics in a registry of their own, which its `/metrics` endpoint
 * serialises (`registry.metrics()`, served as `registry.contentType`). Subgraphs sharing a process
 * (`npm start`) may share one registry: the series carry the subgraph's name.
 */
export class SubgraphMetrics implements EventMetrics {
  readonly #deadLetters: Counter<'subgraph' | 'source' | 'event_type'>;

  constructor(
    /** The registry the metrics are kept in (a fresh one by default). */
    readonly registry: Registry = new Registry(),
  ) {
    this.#deadLetters =
      (registry.getSingleMetric(DEAD_LETTERS) as Counter<'subgraph' | 'source' | 'event_type'> | undefined) ??
      new Counter({
        name: DEAD_LETTERS,
        help: 'Events set aside as dead letters after their handler kept failing, by the subgraph that failed to handle them, the subgraph that published them and event type.',
        labelNames: ['subgraph', 'source', 'event_type'] as const,
        registers: [registry],
      });
  }

  deadLettered(labels: { subscriber: string; source: string; eventType: string }): void {
    this.#deadLetters.inc({
      subgraph: labels.subscriber,
      source: labels.source,
      event_type: labels.eventType,
    });
  }
}
