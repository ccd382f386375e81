/**
 * The garbage collector's pause time so far, in seconds, from a Prometheus text exposition with
 * Node's default process metrics: the sum of `nodejs_gc_duration_seconds_sum` over every kind of
 * collection. Undefined when the text has no such series.
 */
export function gcSecondsOf(metrics: string): number | undefined {
  let total: number | undefined;
  for (const line of metrics.split('\n')) {
    const match = /^nodejs_gc_duration_seconds_sum(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[1]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** The gateway's GC pause time so far (seconds) read from its `/metrics`; undefined when unreadable. */
export async function readGcSeconds(metricsUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    return gcSecondsOf(await response.text());
  } catch {
    return undefined;
  }
}
