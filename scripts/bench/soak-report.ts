/** One RSS sample of a soak run. */
export interface RssSample {
  /** Seconds since the load started. */
  readonly seconds: number;
  /** Resident memory of the gateway's process tree, in bytes. */
  readonly rss: number;
}

const BARS = ' ▁▂▃▄▅▆▇█';
const MIB = 2 ** 20;

/**
 * The soak's memory report: min, max, first and last RSS, the growth from first to last, a curve
 * (one bar per sample, scaled from the minimum to the maximum) and a table of every sample.
 */
export function soakReport(samples: readonly RssSample[]): string[] {
  if (samples.length === 0) return ['RSS: no sample'];
  const values = samples.map((sample) => sample.rss);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const first = values[0] as number;
  const last = values[values.length - 1] as number;
  const span = max - min;
  const curve = values
    .map((value) => BARS[span === 0 ? 1 : 1 + Math.round(((value - min) / span) * (BARS.length - 2))])
    .join('');
  const mb = (bytes: number) => (bytes / MIB).toFixed(1);
  return [
    `RSS MiB: min ${mb(min)}, max ${mb(max)}, first ${mb(first)}, last ${mb(last)} ` +
      `(last - first: ${(last - first >= 0 ? '+' : '') + mb(last - first)}; ${samples.length} samples)`,
    `curve (${mb(min)}..${mb(max)} MiB): ${curve}`,
    '  time s   RSS MiB',
    ...samples.map((sample) => `  ${sample.seconds.toFixed(0).padStart(6)} ${mb(sample.rss).padStart(9)}`),
  ];
}
