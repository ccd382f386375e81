import { describe, expect, it } from 'vitest';
import {
  combineRuns,
  coresUsed,
  type MeasuredRun,
  percentile,
  scenarioReport,
  subgraphRequestsPerRequest,
  throughput,
} from '../../../../scripts/bench/bench-report.js';

function aRun(overrides: Partial<MeasuredRun> = {}): MeasuredRun {
  return {
    completed: 100,
    unexpected: 0,
    seconds: 10,
    latenciesMs: Array.from({ length: 100 }, (_, index) => index + 1),
    sent: 125,
    unexpectedSamples: [],
    gatewayCpuMicros: 2_000_000,
    peakRss: 100 * 2 ** 20,
    peakPss: 70 * 2 ** 20,
    subgraphRequests: { accounts: 250, reviews: 125 },
    subgraphsCpuMicros: 1_000_000,
    loadCpuMicros: 500_000,
    ...overrides,
  };
}

describe('combineRuns', () => {
  it('adds rounds up: requests/s per round, CPU per response, subgraph requests per request sent', () => {
    const figures = combineRuns('ours', [
      aRun(),
      aRun({ completed: 300, peakRss: 120 * 2 ** 20, peakPss: 90 * 2 ** 20, sent: 375 }),
    ]);
    expect(figures.roundRps).toEqual([10, 30]);
    expect(throughput(figures)).toBe(20);
    expect(figures.cpuMicrosPerRequest).toBe(4_000_000 / 400);
    expect(coresUsed(figures)).toBeCloseTo(4_000_000 / 20e6);
    expect(figures.gcMicrosPerRequest).toBeNaN();
    expect(figures.subgraphRequestsPerRequest).toEqual({ accounts: 500 / 500, reviews: 250 / 500 });
    expect(subgraphRequestsPerRequest(figures)).toBe(1.5);
    expect(figures.peakRss).toBe(120 * 2 ** 20);
    expect(figures.peakPss).toBe(90 * 2 ** 20);
    expect(figures.subgraphsCpuShare).toBeCloseTo(0.1);
    expect(figures.loadCpuShare).toBeCloseTo(0.05);
    expect(figures.latenciesMs).toHaveLength(200);
  });

  it('divides GC pauses by responses when every round read them, and has none otherwise', () => {
    const read = combineRuns('ours', [
      aRun({ gatewayGcMicros: 300_000 }),
      aRun({ gatewayGcMicros: 500_000 }),
    ]);
    expect(read.gcMicrosPerRequest).toBe(800_000 / 200);
    const partly = combineRuns('ours', [aRun({ gatewayGcMicros: 300_000 }), aRun()]);
    expect(partly.gcMicrosPerRequest).toBeNaN();
  });

  it('sorts latencies so percentiles take the nearest rank', () => {
    const figures = combineRuns('ours', [aRun({ latenciesMs: [5, 1, 3, 2, 4] })]);
    expect([...figures.latenciesMs]).toEqual([1, 2, 3, 4, 5]);
    expect(percentile(figures.latenciesMs, 50)).toBe(3);
    expect(percentile(figures.latenciesMs, 99)).toBe(5);
    expect(percentile(new Float64Array(), 50)).toBeNaN();
  });
});

describe('scenarioReport', () => {
  it('prints a row per gateway with ratios to the first', () => {
    const ours = combineRuns('hexagraph', [aRun({ gatewayGcMicros: 700_000 })]);
    const peer = combineRuns('grafbase', [
      aRun({
        completed: 200,
        gatewayCpuMicros: 3_000_000,
        latenciesMs: Array.from({ length: 100 }, (_, index) => (index + 1) / 2),
        peakRss: 50 * 2 ** 20,
        peakPss: 45 * 2 ** 20,
        unexpected: 3,
        unexpectedSamples: ['HTTP 504, 120 bytes: {"errors":[]}'],
      }),
    ]);
    const lines = scenarioReport('gateways-benchmark', 'TestQuery', [ours, peer]);
    expect(lines[0]).toBe('gateways-benchmark: TestQuery');
    expect(lines[1]).toMatch(
      /gateway\s+req\/s\s+p50 ms\s+p99 ms\s+CPU ms\/req\s+cores\s+GC ms\/req\s+sub req\/req\s+RSS MiB\s+PSS MiB\s+bad/,
    );
    expect(lines[2]?.trim().split(/\s+/)).toEqual([
      'hexagraph',
      '10',
      '50.00',
      '99.00',
      '20.00',
      '0.20',
      '7.00',
      '3.00',
      '100',
      '70',
      '0',
      '1.00',
      '1.00',
      '1.00',
      '1.00',
      '10%',
      '5%',
    ]);
    expect(lines[3]?.trim().split(/\s+/)).toEqual([
      'grafbase',
      '20',
      '25.00',
      '49.50',
      '15.00',
      '0.30',
      '-',
      '3.00',
      '50',
      '45',
      '3',
      '2.00',
      '0.50',
      '0.75',
      '0.50',
      '10%',
      '5%',
    ]);
    expect(lines.join('\n')).toContain(
      'hexagraph: req/s by round 10; subgraph req/req accounts 2.00, reviews 1.00',
    );
    expect(lines.join('\n')).toContain(
      'grafbase: req/s by round 20 (hexagraph ÷ it: 0.50); subgraph req/req accounts 2.00, reviews 1.00',
    );
    expect(lines.at(-1)).toBe('  grafbase answered unexpectedly: HTTP 504, 120 bytes: {"errors":[]}');
  });

  it("gives the reference's requests/s divided by each peer's, round by round", () => {
    const ours = combineRuns('hexagraph', [aRun({ completed: 300 }), aRun({ completed: 200 })]);
    const peer = combineRuns('hive', [aRun({ completed: 100 }), aRun({ completed: 80 })]);
    const lines = scenarioReport('gateways-benchmark', 'TestQuery', [ours, peer]);
    expect(lines.join('\n')).toContain('hive: req/s by round 10, 8 (hexagraph ÷ it: 3.00, 2.50);');
  });

  it('divides a peer run with a setting of ours into that run of ours too', () => {
    const ours = combineRuns('hexagraph', [aRun({ completed: 300 }), aRun({ completed: 200 })]);
    const oursOff = combineRuns('hexagraph dedupe off', [aRun({ completed: 100 }), aRun({ completed: 100 })]);
    const peerOff = combineRuns(
      'grafbase dedupe off',
      [aRun({ completed: 200 }), aRun({ completed: 200 })],
      'hexagraph dedupe off',
    );
    const lines = scenarioReport('gateways-benchmark', 'TestQuery', [ours, oursOff, peerOff]);
    expect(lines.join('\n')).toContain(
      'grafbase dedupe off: req/s by round 20, 20 (hexagraph ÷ it: 1.50, 1.00; ' +
        'hexagraph dedupe off ÷ it: 0.50, by round 0.50, 0.50);',
    );
  });

  it('prints - for the figures of a gateway that answered nothing inside the window', () => {
    const silent = combineRuns('stuck', [aRun({ completed: 0, latenciesMs: [] })]);
    const [row] = scenarioReport('heavy', 'TestQuery', [silent]).slice(2);
    expect(row?.trim().split(/\s+/).slice(0, 5)).toEqual(['stuck', '0', '-', '-', '-']);
  });

  it('says so when no gateway was measured', () => {
    expect(scenarioReport('light', 'one product', [])).toEqual(['light: no gateway measured']);
  });
});
