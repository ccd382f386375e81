import type { Histogram, Registry } from 'prom-client';

/** How a `BucketHistogram` is named, labelled and bucketed, and where it is registered. */
export interface BucketHistogramConfiguration<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Upper bounds, ascending; `+Inf` is implied. */
  readonly buckets: readonly number[];
  readonly registers: readonly Registry[];
}

type Labels<L extends string> = Partial<Record<L, string | number>>;

/** One label set's counts: per bucket (not cumulative), sum and count. */
interface Series {
  /** The labels as first observed, copied: every exported value of the series shares them. */
  readonly labels: Record<string, string | number>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** Nested maps by label value, in label-name order; the last level holds the series. */
type SeriesTrie = Map<unknown, SeriesTrie | Series>;

// Prometheus's names (https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels).
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value as a series key: `200` and `'200'` name one series, as in the text they write. */
function keyOf(value: string | number | undefined): string | undefined {
  return typeof value === 'number' ? String(value) : value;
}

/** One exported value, in the shape prom-client's registry and aggregator read. */
interface ExportedValue {
  readonly labels: Record<string, string | number>;
  readonly sharedLabels?: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
  readonly exemplar?: null;
}

/**
 * A Prometheus histogram that prom-client's registry serves and its cluster aggregator sums like
 * its own `Histogram`, value for value (`get`, `getForPromString`, `reset`), but whose `observe`
 * costs a map lookup per label and an increment. prom-client's `observe` hashes the labels into a
 * string and files the count under the bucket's bound as a property name, a number turned into a
 * string at every call: about 0.85 µs against 0.08 µs for a counter, and a request observes a
 * dozen values (its duration, each subgraph fetch, each entity batch, its cost).
 */
export class BucketHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private series: Series[] = [];
  private trie: SeriesTrie = new Map();

  constructor(configuration: BucketHistogramConfiguration<L>) {
    const { name, help, labelNames, buckets, registers } = configuration;
    if (!METRIC_NAME.test(name)) throw new Error(`Invalid metric name: ${name}`);
    const invalid = labelNames.filter((label) => !LABEL_NAME.test(label) || label === 'le');
    if (invalid.length > 0)
      throw new Error(`${name}: invalid label names (le is reserved): ${invalid.join(', ')}`);
    for (let index = 1; index < buckets.length; index += 1) {
      if (!((buckets[index] as number) > (buckets[index - 1] as number)))
        throw new Error(`${name}: bucket bounds must ascend, got ${buckets.join(', ')}`);
    }
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.bounds = [...buckets];
    // prom-client's registry types name only its own classes; it reads a metric through the
    // members above and below (see the differential test against its Histogram).
    for (const registry of registers) registry.registerMetric(this as unknown as Histogram<L>);
  }

  /** Counts `value` in its bucket of the series `labels` names; throws, as prom-client does, on a non-finite value. */
  observe(labels: Labels<L>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: value is not a valid number: ${value}`);
    const series = this.seriesOf(labels);
    series.sum += value;
    series.count += 1;
    const bounds = this.bounds;
    for (let index = 0; index < bounds.length; index += 1) {
      if (value <= (bounds[index] as number)) {
        (series.counts[index] as number) += 1;
        return;
      }
    }
  }

  /** Forgets every series (prom-client's `registry.resetMetrics()`). */
  reset(): void {
    this.series = [];
    this.trie = new Map();
  }

  /** The values with each series' labels written into every value's own (as `registry.getMetricsAsJSON` gives them). */
  async get() {
    return this.exported(false);
  }

  /** The values with each series' labels shared (as the registry writes the text format). */
  async getForPromString() {
    return this.exported(true);
  }

  private exported(shared: boolean) {
    const { name, bounds } = this;
    const bucket = `${name}_bucket`;
    const values: ExportedValue[] = [];
    const withLabels = (own: Record<string, string | number>, series: Series) =>
      shared ? { labels: own, sharedLabels: series.labels } : { labels: { ...own, ...series.labels } };
    for (const series of this.series) {
      let cumulative = 0;
      for (let index = 0; index < bounds.length; index += 1) {
        cumulative += series.counts[index] as number;
        const le = bounds[index] as number;
        values.push({ ...withLabels({ le }, series), value: cumulative, metricName: bucket, exemplar: null });
      }
      values.push({
        ...withLabels({ le: '+Inf' }, series),
        value: series.count,
        metricName: bucket,
        exemplar: null,
      });
      values.push({ ...withLabels({}, series), value: series.sum, metricName: `${name}_sum` });
      values.push({ ...withLabels({}, series), value: series.count, metricName: `${name}_count` });
    }
    return { name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  private seriesOf(labels: Labels<L>): Series {
    const names = this.labelNames;
    let trie = this.trie;
    const last = names.length - 1;
    if (last < 0) return (trie.get(undefined) as Series | undefined) ?? this.added(labels, trie, undefined);
    for (let index = 0; index < last; index += 1) {
      const value = keyOf(labels[names[index] as L]);
      let next = trie.get(value) as SeriesTrie | undefined;
      if (next === undefined) {
        next = new Map();
        trie.set(value, next);
      }
      trie = next;
    }
    const value = keyOf(labels[names[last] as L]);
    return (trie.get(value) as Series | undefined) ?? this.added(labels, trie, value);
  }

  private added(labels: Labels<L>, trie: SeriesTrie, value: unknown): Series {
    const copy: Record<string, string | number> = {};
    for (const [label, labelValue] of Object.entries(labels)) {
      if (!this.labelNames.includes(label as L))
        throw new Error(`${this.name}: unknown label ${label} (known: ${this.labelNames.join(', ')})`);
      if (labelValue !== undefined) copy[label] = labelValue as string | number;
    }
    const series: Series = { labels: copy, counts: new Float64Array(this.bounds.length), sum: 0, count: 0 };
    trie.set(value, series);
    this.series.push(series);
    return series;
  }
}
