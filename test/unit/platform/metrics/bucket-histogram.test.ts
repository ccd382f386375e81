import { AggregatorRegistry, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BucketHistogram } from '../../../../platform/metrics/bucket-histogram.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Observation = readonly [labels: Record<string, string | number>, value: number];

/** The same histogram twice, prom-client's and ours, each in a registry of its own. */
function pair(labelNames: readonly string[], buckets = BUCKETS) {
  const theirs = new Registry();
  const ours = new Registry();
  const configuration = { name: 'hexagraph_test_seconds', help: 'A test histogram.', labelNames, buckets };
  const reference = new Histogram({ ...configuration, registers: [theirs] });
  const histogram = new BucketHistogram({ ...configuration, registers: [ours] });
  return {
    theirs,
    ours,
    observe(observations: readonly Observation[]) {
      for (const [labels, value] of observations) {
        reference.observe(labels, value);
        histogram.observe(labels, value);
      }
    },
  };
}

/** Values on, between and beyond the bounds, negative and zero, over several label sets. */
function observations(): Observation[] {
  const values = [0, -1, 0.005, 0.0051, 0.3, 1, 7, 30, 31, 1e9, 0.01];
  const labelSets = [
    { subgraph: 'reviews', outcome: 'ok' },
    { subgraph: 'accounts', outcome: 'GATEWAY_TIMEOUT' },
    { outcome: 'ok', subgraph: 'reviews' },
    { subgraph: 'with "quotes" and \\ and\nnewline', outcome: 'ok' },
  ];
  return labelSets.flatMap((labels, set) => values.slice(set).map((value): Observation => [labels, value]));
}

describe('BucketHistogram', () => {
  it('writes the Prometheus text prom-client writes for its Histogram, line for line', async () => {
    const histograms = pair(['subgraph', 'outcome']);
    histograms.observe(observations());

    const text = await histograms.ours.metrics();

    expect(text).toBe(await histograms.theirs.metrics());
    expect(text).toContain('hexagraph_test_seconds_bucket{le="0.005",subgraph="reviews",outcome="ok"} 4');
    expect(text).toContain('hexagraph_test_seconds_count{subgraph="accounts",outcome="GATEWAY_TIMEOUT"} 10');
  });

  it('gives the same JSON, and sums across workers as prom-client sums its own', async () => {
    const first = pair(['subgraph', 'outcome']);
    const second = pair(['subgraph', 'outcome']);
    first.observe(observations());
    second.observe(observations().slice(5));

    const oursJson = [await first.ours.getMetricsAsJSON(), await second.ours.getMetricsAsJSON()];
    const theirsJson = [await first.theirs.getMetricsAsJSON(), await second.theirs.getMetricsAsJSON()];

    expect(oursJson).toEqual(theirsJson);
    expect(await AggregatorRegistry.aggregate(oursJson).metrics()).toBe(
      await AggregatorRegistry.aggregate(theirsJson).metrics(),
    );
  });

  it('counts a number and its string as one label value, and a histogram without labels', async () => {
    const labelled = pair(['status']);
    labelled.observe([
      [{ status: 200 }, 0.2],
      [{ status: '200' }, 0.3],
      [{ status: 503 }, 4],
    ]);
    const plain = pair([], [1, 10, 100]);
    plain.observe([
      [{}, 5],
      [{}, 500],
    ]);

    expect(await labelled.ours.metrics()).toBe(await labelled.theirs.metrics());
    expect(await labelled.ours.metrics()).toContain('hexagraph_test_seconds_count{status="200"} 2');
    expect(await plain.ours.metrics()).toBe(await plain.theirs.metrics());
  });

  it('starts over on reset, as the registry resets its metrics', async () => {
    const histograms = pair(['subgraph', 'outcome']);
    histograms.observe(observations());
    histograms.theirs.resetMetrics();
    histograms.ours.resetMetrics();
    histograms.observe([[{ subgraph: 'inventory', outcome: 'ok' }, 0.02]]);

    expect(await histograms.ours.metrics()).toBe(await histograms.theirs.metrics());
    expect(await histograms.ours.metrics()).not.toContain('reviews');
  });

  it('refuses what prom-client refuses: a non-finite value, an unknown label, a bad name', () => {
    const registry = new Registry();
    const histogram = new BucketHistogram({
      name: 'hexagraph_test_seconds',
      help: 'A test histogram.',
      labelNames: ['subgraph'],
      buckets: BUCKETS,
      registers: [registry],
    });

    expect(() => histogram.observe({ subgraph: 'reviews' }, Number.NaN)).toThrow(/not a valid number: NaN/);
    expect(() => histogram.observe({ subgraph: 'reviews' }, Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => histogram.observe({ subgraph: 'reviews', region: 'eu' } as never, 1)).toThrow(
      /unknown label region/,
    );
    const configuration = { help: 'x', buckets: BUCKETS, registers: [] };
    expect(() => new BucketHistogram({ ...configuration, name: 'bad-name', labelNames: [] })).toThrow(
      /Invalid metric name: bad-name/,
    );
    expect(() => new BucketHistogram({ ...configuration, name: 'ok', labelNames: ['le'] })).toThrow(/le/);
    expect(
      () => new BucketHistogram({ ...configuration, name: 'ok', labelNames: [], buckets: [1, 1] }),
    ).toThrow(/must ascend/);
  });
});
