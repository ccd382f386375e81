import type { BenchChild } from './bench-child.js';
import type { MeasuredRun } from './bench-report.js';
import { readGcSeconds } from './gc-metrics.js';
import type { LoadResult, LoadRun } from './load-generator.js';
import { nonLoopbackPeers, treePss, treeUsage } from './proc-stats.js';

const RSS_SAMPLE_MS = 500;

/** The processes a measured run reads: the gateway under test, the subgraphs, the load generator. */
export interface MeasuredProcesses {
  readonly gatewayPid: number;
  /** The gateway's `/metrics` with Node's process metrics (ours), for its GC time. */
  readonly gatewayMetricsUrl?: string;
  readonly subgraphs: BenchChild;
  readonly load: BenchChild;
}

type ProxyStats = Record<string, { replayed: number; forwarded: number }>;

interface Snapshot {
  readonly gatewayCpu: number;
  readonly subgraphsCpu: number;
  readonly loadCpu: number;
}

function snapshot(processes: MeasuredProcesses): Snapshot {
  return {
    gatewayCpu: treeUsage(processes.gatewayPid).cpuMicros,
    subgraphsCpu: treeUsage(processes.subgraphs.pid).cpuMicros,
    loadCpu: treeUsage(processes.load.pid).cpuMicros,
  };
}

async function subgraphRequests(processes: MeasuredProcesses): Promise<Record<string, number>> {
  const stats = await processes.subgraphs.request<ProxyStats>('stats');
  return Object.fromEntries(
    Object.entries(stats).map(([name, counts]) => [name, counts.replayed + counts.forwarded]),
  );
}

/** A measured run and the non-loopback peers the gateway's sockets had meanwhile. */
export interface Measurement {
  readonly run: MeasuredRun;
  readonly foreignPeers: readonly string[];
}

/**
 * Drives one run from the load generator's process at the gateway it targets, and reads, over the
 * measured window only, the CPU time of the gateway's process tree, of the subgraphs' process and
 * of the load generator, and the gateway's RSS (sampled, and its VmHWM at the end). Subgraph
 * requests are counted over the whole run, warm-up included, and divided by every request sent:
 * exact, as no request is in flight before or after, where a window would cut some in two.
 */
export async function measureRun(processes: MeasuredProcesses, run: LoadRun): Promise<Measurement> {
  const requestsBefore = await subgraphRequests(processes);
  let start: Snapshot | undefined;
  let end: Snapshot | undefined;
  let sampledRss = 0;
  let sampledPss = 0;
  const foreign = new Set<string>();
  let sampler: NodeJS.Timeout | undefined;
  const metricsUrl = processes.gatewayMetricsUrl;
  let gcAtStart: Promise<number | undefined> | undefined;
  let gcAtEnd: Promise<number | undefined> | undefined;
  const sample = () => {
    sampledRss = Math.max(sampledRss, treeUsage(processes.gatewayPid).rss);
    sampledPss = Math.max(sampledPss, treePss(processes.gatewayPid));
    for (const peer of nonLoopbackPeers(processes.gatewayPid)) foreign.add(peer);
  };
  const startTimer = setTimeout(() => {
    start = snapshot(processes);
    if (metricsUrl) gcAtStart = readGcSeconds(metricsUrl);
    sample();
    sampler = setInterval(sample, RSS_SAMPLE_MS);
  }, run.warmupMs);
  const endTimer = setTimeout(() => {
    clearInterval(sampler);
    sample();
    end = snapshot(processes);
    if (metricsUrl) gcAtEnd = readGcSeconds(metricsUrl);
  }, run.warmupMs + run.durationMs);
  let result: LoadResult;
  try {
    result = await processes.load.request<LoadResult>('run', run, run.warmupMs + run.durationMs + 120_000);
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    clearInterval(sampler);
  }
  if (!start || !end) throw new Error('the load run ended before its measured window did');
  const requestsAfter = await subgraphRequests(processes);
  const [gcStart, gcEnd] = await Promise.all([gcAtStart, gcAtEnd]);
  return {
    run: {
      ...result,
      gatewayCpuMicros: end.gatewayCpu - start.gatewayCpu,
      ...(gcStart !== undefined && gcEnd !== undefined && { gatewayGcMicros: (gcEnd - gcStart) * 1e6 }),
      peakRss: Math.max(sampledRss, treeUsage(processes.gatewayPid).hwm),
      peakPss: sampledPss,
      subgraphRequests: Object.fromEntries(
        Object.entries(requestsAfter).map(([name, count]) => [name, count - (requestsBefore[name] ?? 0)]),
      ),
      subgraphsCpuMicros: end.subgraphsCpu - start.subgraphsCpu,
      loadCpuMicros: end.loadCpu - start.loadCpu,
    },
    foreignPeers: [...foreign],
  };
}
