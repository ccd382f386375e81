/**
 * What the gateway's primary process and its workers say to each other over the cluster's IPC
 * channel. Every message has a `type` starting `hexagraph:`, so other users of the channel (a
 * library's own messages) pass by.
 */
export type WorkerMessage =
  /** A worker started its gateway and listens: it may be sent requests. */
  | { type: 'hexagraph:ready' }
  /** A worker wants every worker's metrics, for a `/metrics` it serves. */
  | { type: 'hexagraph:metrics-wanted'; id: number }
  /** The primary's answer to `metrics-wanted`: the text, or why there is none. */
  | { type: 'hexagraph:metrics-answer'; id: number; text?: string; error?: string }
  /** The primary asks a worker for its own metrics (`Registry.getMetricsAsJSON`). */
  | { type: 'hexagraph:metrics-collect'; id: number }
  /** A worker's answer to `metrics-collect`. */
  | { type: 'hexagraph:metrics-part'; id: number; metrics?: unknown[]; error?: string };

/** `message` narrowed to the WorkerMessage of `type`, or undefined when it is something else. */
export function messageOf<T extends WorkerMessage['type']>(
  message: unknown,
  type: T,
): Extract<WorkerMessage, { type: T }> | undefined {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type
    ? (message as Extract<WorkerMessage, { type: T }>)
    : undefined;
}
