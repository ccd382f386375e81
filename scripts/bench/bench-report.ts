import type { LoadResult } from './load-generator.js';

/** One measured run of one gateway, with what the processes used meanwhile. */
export interface MeasuredRun extends LoadResult {
  /** CPU time of the gateway's process tree over the window, in microseconds. */
  readonly gatewayCpuMicros: number;
  /** Garbage-collection pauses of the gateway over the window (from its metrics: ours only), in microseconds. */
  readonly gatewayGcMicros?: number;
  /** Highest resident memory of the gateway's process tree: sampled, or its VmHWM, in bytes. */
  readonly peakRss: number;
  /** Highest proportional set size of the gateway's process tree, sampled, in bytes (see `treePss`). */
  readonly peakPss: number;
  /** Requests the replay proxies received over the whole run (warm-up included), by subgraph. */
  readonly subgraphRequests: Readonly<Record<string, number>>;
  /** CPU time of the subgraphs' process (subgraphs and replay proxies) over the window, in microseconds. */
  readonly subgraphsCpuMicros: number;
  /** CPU time of the load generator's process over the window, in microseconds. */
  readonly loadCpuMicros: number;
}

/** Everything measured for one gateway in one scenario, over all rounds. */
export interface GatewayFigures {
  readonly label: string;
  readonly completed: number;
  readonly unexpected: number;
  readonly seconds: number;
  /** Ascending. */
  readonly latenciesMs: Float64Array;
  readonly peakRss: number;
  readonly peakPss: number;
  /** Requests per second of each round, in order. */
  readonly roundRps: readonly number[];
  readonly cpuMicrosPerRequest: number;
  /** Garbage-collection pauses per request; NaN when the gateway does not report them. */
  readonly gcMicrosPerRequest: number;
  /** Subgraph requests per client request, by subgraph. */
  readonly subgraphRequestsPerRequest: Readonly<Record<string, number>>;
  /** Share of one core the subgraphs' process used while this gateway was measured (0..1). */
  readonly subgraphsCpuShare: number;
  /** Share of one core the load generator used (0..1). */
  readonly loadCpuShare: number;
  /** A few of the unexpected answers, when there were any. */
  readonly unexpectedSamples: readonly string[];
  /** The label of our gateway run with the same setting as this peer, when it was measured. */
  readonly counterpart?: string;
}

/** Folds the runs of one gateway into its figures; `counterpart` labels ours run with its setting. */
export function combineRuns(
  label: string,
  runs: readonly MeasuredRun[],
  counterpart?: string,
): GatewayFigures {
  const latenciesMs = Float64Array.from(runs.flatMap((run) => run.latenciesMs)).sort();
  const completed = runs.reduce((sum, run) => sum + run.completed, 0);
  const sent = runs.reduce((sum, run) => sum + run.sent, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const subgraphTotals: Record<string, number> = {};
  for (const run of runs) {
    for (const [name, count] of Object.entries(run.subgraphRequests)) {
      subgraphTotals[name] = (subgraphTotals[name] ?? 0) + count;
    }
  }
  const sum = (pick: (run: MeasuredRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    label,
    completed,
    unexpected: sum((run) => run.unexpected),
    seconds,
    latenciesMs,
    peakRss: Math.max(0, ...runs.map((run) => run.peakRss)),
    peakPss: Math.max(0, ...runs.map((run) => run.peakPss)),
    roundRps: runs.map((run) => run.completed / run.seconds),
    cpuMicrosPerRequest: sum((run) => run.gatewayCpuMicros) / completed,
    gcMicrosPerRequest: runs.every((run) => run.gatewayGcMicros !== undefined)
      ? sum((run) => run.gatewayGcMicros ?? 0) / completed
      : Number.NaN,
    subgraphRequestsPerRequest: Object.fromEntries(
      Object.entries(subgraphTotals).map(([name, count]) => [name, count / sent]),
    ),
    subgraphsCpuShare: sum((run) => run.subgraphsCpuMicros) / (seconds * 1e6),
    loadCpuShare: sum((run) => run.loadCpuMicros) / (seconds * 1e6),
    unexpectedSamples: runs.flatMap((run) => run.unexpectedSamples).slice(0, 3),
    ...(counterpart !== undefined && { counterpart }),
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

/**
 * CPU cores the gateway's process tree kept busy over the measured windows (CPU seconds per
 * second): how much of the machine it used for its requests/s. A gateway whose work runs on one
 * thread stays near one core (its garbage collector's helper threads add a little).
 */
export function coresUsed(figures: GatewayFigures): number {
  return (figures.cpuMicrosPerRequest * figures.completed) / (figures.seconds * 1e6);
}

/** Total subgraph requests per client request. */
export function subgraphRequestsPerRequest(figures: GatewayFigures): number {
  return Object.values(figures.subgraphRequestsPerRequest).reduce((sum, value) => sum + value, 0);
}

const COLUMNS: readonly [string, number][] = [
  ['gateway', 22],
  ['req/s', 8],
  ['p50 ms', 8],
  ['p99 ms', 8],
  ['CPU ms/req', 10],
  ['cores', 5],
  ['GC ms/req', 9],
  ['sub req/req', 11],
  ['RSS MiB', 8],
  ['PSS MiB', 8],
  ['bad', 5],
  ['req/s x', 8],
  ['p99 x', 6],
  ['CPU x', 6],
  ['RSS x', 6],
  ['subgr CPU', 9],
  ['load CPU', 8],
];

function cells(values: readonly string[]): string {
  return values
    .map((value, index) => {
      const [, width] = COLUMNS[index] as [string, number];
      return index === 0 ? value.padEnd(width) : value.padStart(width);
    })
    .join(' ');
}

/** A figure with `digits` decimals, or `-` where there is none (no response in the window). */
function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function ratio(value: number, reference: number): string {
  return fixed(value / reference, 2);
}

/**
 * The lines reporting one scenario: a row per gateway, the first being the reference the `x`
 * columns divide by; then each gateway's requests/s per round and its subgraph requests by subgraph.
 */
export function scenarioReport(
  name: string,
  description: string,
  gateways: readonly GatewayFigures[],
): string[] {
  const [reference] = gateways;
  if (!reference) return [`${name}: no gateway measured`];
  const rows = gateways.map((figures) =>
    cells([
      figures.label,
      fixed(throughput(figures), 0),
      fixed(percentile(figures.latenciesMs, 50), 2),
      fixed(percentile(figures.latenciesMs, 99), 2),
      fixed(figures.cpuMicrosPerRequest / 1000, 2),
      fixed(coresUsed(figures), 2),
      fixed(figures.gcMicrosPerRequest / 1000, 2),
      fixed(subgraphRequestsPerRequest(figures), 2),
      fixed(figures.peakRss / 2 ** 20, 0),
      fixed(figures.peakPss / 2 ** 20, 0),
      String(figures.unexpected),
      ratio(throughput(figures), throughput(reference)),
      ratio(percentile(figures.latenciesMs, 99), percentile(reference.latenciesMs, 99)),
      ratio(figures.cpuMicrosPerRequest, reference.cpuMicrosPerRequest),
      ratio(figures.peakRss, reference.peakRss),
      `${(100 * figures.subgraphsCpuShare).toFixed(0)}%`,
      `${(100 * figures.loadCpuShare).toFixed(0)}%`,
    ]),
  );
  return [
    `${name}: ${description}`,
    `  ${cells(COLUMNS.map(([title]) => title))}`,
    ...rows.map((row) => `  ${row}`),
    `  (x: the gateway's figure divided by ${reference.label}'s; CPU, RSS and PSS are the gateway's process tree;` +
      ' cores: CPU seconds it used per second (req/s x = cores x / CPU x; a gateway whose work runs on one' +
      ' thread stays near one core however many the machine has);' +
      ' PSS: resident memory with shared pages (the executable) divided among the processes sharing them, where RSS counts them once per process;' +
      " GC: garbage-collection pauses of the main thread, from the gateway's own metrics (ours only);" +
      ' subgr/load CPU: share of one core used by the subgraphs process and by the load generator)',
    ...gateways.map(
      (figures) =>
        `  ${figures.label}: req/s by round ${figures.roundRps.map((rps) => rps.toFixed(0)).join(', ')}` +
        (figures === reference ? '' : ratiosToOurs(gateways, reference, figures)) +
        `; subgraph req/req ${Object.entries(figures.subgraphRequestsPerRequest)
          .map(([subgraph, value]) => `${subgraph} ${value.toFixed(2)}`)
          .join(', ')}`,
    ),
    ...gateways.flatMap((figures) =>
      figures.unexpectedSamples.map((sample) => `  ${figures.label} answered unexpectedly: ${sample}`),
    ),
  ];
}

/**
 * Ours divided by the peer, requests/s round by round: each round measures every gateway one after
 * the other, so its ratio is the fairest single comparison, and their spread shows how much the
 * machine's noise moves the overall ratio. A peer run with a setting ours was also run with (in-flight
 * sharing off) is divided into that run of ours as well, overall and by round.
 */
function ratiosToOurs(
  gateways: readonly GatewayFigures[],
  reference: GatewayFigures,
  figures: GatewayFigures,
): string {
  const parts = [`${reference.label} ÷ it: ${roundRatios(reference, figures)}`];
  const counterpart = gateways.find((gateway) => gateway.label === figures.counterpart);
  if (counterpart) {
    parts.push(
      `${counterpart.label} ÷ it: ${ratio(throughput(counterpart), throughput(figures))}, ` +
        `by round ${roundRatios(counterpart, figures)}`,
    );
  }
  return ` (${parts.join('; ')})`;
}

function roundRatios(ours: GatewayFigures, figures: GatewayFigures): string {
  return figures.roundRps.map((rps, index) => ratio(ours.roundRps[index] ?? Number.NaN, rps)).join(', ');
}
