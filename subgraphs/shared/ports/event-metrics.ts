/** What happens to delivered events, for the subgraph's metrics. */
export interface EventMetrics {
  /** An event was set aside as a dead letter after its handler kept failing. */
  deadLettered(labels: { subscriber: string; source: string; eventType: string }): void;
}
