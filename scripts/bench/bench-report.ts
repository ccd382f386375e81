import type { LoadResult } from './load-generator.js';

/** One measured run with what the gateway process used meanwhile. */
export interface MeasuredRun extends LoadResult {
  /** Highest RSS sampled while measuring, in bytes. */
  readonly peakRss: number;
  /** CPU time the gateway process used while measuring, in microseconds. */
  readonly cpuMicros: number;
}

/** Everything measured for one gateway in one scenario, over all rounds. */
export interface GatewayFigures {
  readonly completed: number;
  readonly unexpected: number;
  readonly seconds: number;
  readonly latenciesMs: Float64Array;
  /** Highest RSS sampled while measuring, in bytes. */
  readonly peakRss: number;
  /** Requests per second of each round, in order. */
  readonly roundRps: readonly number[];
  /**
   * Gateway CPU time per request, in microseconds: less sensitive than requests/s to other
   * processes competing for the machine's cores.
   */
  readonly cpuMicrosPerRequest: number;
}

/** Folds the runs of one gateway into its figures. */
export function combineRuns(runs: readonly MeasuredRun[]): GatewayFigures {
  const total = runs.reduce((sum, run) => sum + run.latenciesMs.length, 0);
  const latenciesMs = new Float64Array(total);
  let offset = 0;
  for (const run of runs) {
    latenciesMs.set(run.latenciesMs, offset);
    offset += run.latenciesMs.length;
  }
  latenciesMs.sort();
  const completed = runs.reduce((sum, run) => sum + run.completed, 0);
  return {
    completed,
    unexpected: runs.reduce((sum, run) => sum + run.unexpected, 0),
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    latenciesMs,
    peakRss: Math.max(0, ...runs.map((run) => run.peakRss)),
    roundRps: runs.map((run) => run.completed / run.seconds),
    cpuMicrosPerRequest: runs.reduce((sum, run) => sum + run.cpuMicros, 0) / completed,
  };
}

/** The `p`-th percentile (0..100) of ascending values, nearest rank; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Requests per second over the measured windows. */
export function throughput(figures: GatewayFigures): number {
  return figures.completed / figures.seconds;
}

/** The lines reporting one scenario: a row per gateway, then the throughput ratio. */
export function scenarioReport(
  name: string,
  description: string,
  ours: GatewayFigures,
  apollo: GatewayFigures,
): string[] {
  const row = (label: string, figures: GatewayFigures) =>
    [
      label.padEnd(16),
      throughput(figures).toFixed(0).padStart(8),
      percentile(figures.latenciesMs, 50).toFixed(2).padStart(9),
      percentile(figures.latenciesMs, 99).toFixed(2).padStart(9),
      (figures.cpuMicrosPerRequest / 1000).toFixed(2).padStart(10),
      (figures.peakRss / 2 ** 20).toFixed(0).padStart(9),
      String(figures.unexpected).padStart(6),
    ].join(' ');
  const ratios = ours.roundRps.map((rps, index) => rps / (apollo.roundRps[index] ?? Number.NaN));
  return [
    `${name}: ${description}`,
    `  ${'gateway'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'CPU ms/req'.padStart(10)} ${'RSS MB'.padStart(9)} ${'bad'.padStart(6)}`,
    `  ${row('hexagraph', ours)}`,
    `  ${row('@apollo/gateway', apollo)}`,
    `  throughput ratio hexagraph / @apollo/gateway: ${(throughput(ours) / throughput(apollo)).toFixed(2)}x` +
      ` (per round: ${ratios.map((ratio) => `${ratio.toFixed(2)}x`).join(', ')});` +
      ` CPU per request: ${(apollo.cpuMicrosPerRequest / ours.cpuMicrosPerRequest).toFixed(2)}x less`,
  ];
}
