import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { BucketHistogram } from '../../../platform/metrics/bucket-histogram.js';

/** The three states a subgraph's circuit breaker can be in. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What `/metrics` shows of the execution gate. */
export interface ExecutionGateState {
  readonly executing: number;
  readonly queued: number;
  readonly limit: number;
}

/** How a client request ended: all data, data with errors, or no data. */
export type RequestOutcome = 'success' | 'partial' | 'error';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const COST_BUCKETS = [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];
const ANONYMOUS = '(anonymous)';
const OTHER = '(other)';

/**
 * The gateway's Prometheus metrics in their own registry. Recording goes through methods so
 * label names and values stay consistent wherever they are recorded.
 */
export class GatewayMetrics {
  /** The registry `/metrics` serialises. */
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  private readonly requestDuration = new BucketHistogram({
    name: 'hexagraph_gateway_request_duration_seconds',
    help: 'Client request duration by operation name and outcome (success, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly fetchDuration = new BucketHistogram({
    name: 'hexagraph_gateway_fetch_duration_seconds',
    help: 'Subgraph call duration (all attempts) by subgraph and outcome (ok or an error code).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'hexagraph_gateway_errors_total',
    help: 'Errors by catalogue code and, for upstream errors, subgraph.',
    labelNames: ['code', 'subgraph'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'hexagraph_gateway_retries_total',
    help: 'Subgraph call retries by subgraph and the code of the failure retried.',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly breakerState = new Gauge({
    name: 'hexagraph_gateway_breaker_state',
    help: 'Circuit breaker state per subgraph: 1 for the current state, 0 for the others (with several worker processes, 1 for each state a worker is in).',
    labelNames: ['subgraph', 'state'] as const,
    registers: [this.registry],
    aggregator: 'max',
  });
  private readonly clientSubscriptions = new Gauge({
    name: 'hexagraph_gateway_subscriptions',
    help: 'Client subscriptions open right now, by transport (websocket, multipart).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  private readonly upstreamSubscriptions = new Gauge({
    name: 'hexagraph_gateway_upstream_subscriptions',
    help: 'Subscriptions the gateway holds open to each subgraph (client subscriptions asking for the same one share it).',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  private readonly breakerTransitions = new Counter({
    name: 'hexagraph_gateway_breaker_transitions_total',
    help: 'Circuit breaker state changes per subgraph, from one state to another (half-open lasts one test call, too briefly for the state gauge to show).',
    labelNames: ['subgraph', 'from', 'to'] as const,
    registers: [this.registry],
  });
  private readonly entityBatchSize = new BucketHistogram({
    name: 'hexagraph_gateway_entity_batch_size',
    help: 'Representations in one _entities fetch of a request, by subgraph (a fetch that joined an identical call in flight counts too; hexagraph_gateway_shared_fetches_total counts those).',
    labelNames: ['subgraph'] as const,
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });
  private readonly sharedFetches = new Counter({
    name: 'hexagraph_gateway_shared_fetches_total',
    help: 'Subgraph calls answered by an identical call already in flight instead of a request of their own, by subgraph.',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  private readonly cacheErrors = new Counter({
    name: 'hexagraph_gateway_cache_errors_total',
    help: 'Failed operations on a shared cache (the persisted-query cache on Redis), by operation; each one degraded to a miss.',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  private readonly operationCost = new BucketHistogram({
    name: 'hexagraph_gateway_operation_cost',
    help: 'Cost of operations (see MAX_COST): estimated before planning (refused ones included), actual from the answer sent.',
    labelNames: ['measure'] as const,
    buckets: COST_BUCKETS,
    registers: [this.registry],
  });
  private readonly execution = new Gauge({
    name: 'hexagraph_gateway_execution_requests',
    help: 'GraphQL requests by state: executing, waiting (for a place to execute), and limit (how many may execute at once, adapting to the event loop; see EXECUTION_CONCURRENCY_MIN).',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => {
      const gate = this.gate;
      if (!gate) return;
      this.execution.set({ state: 'executing' }, gate.executing);
      this.execution.set({ state: 'waiting' }, gate.queued);
      this.execution.set({ state: 'limit' }, gate.limit);
    },
  });
  private gate: ExecutionGateState | undefined;
  private readonly planCache = new Counter({
    name: 'hexagraph_gateway_plan_cache_total',
    help: 'Query plan cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /**
   * @param maxOperationNames distinct operation names kept as label values; later ones are
   *   recorded as `(other)` so clients cannot grow the series without bound.
   */
  constructor(
    private readonly maxOperationNames = 200,
    private readonly renderText: (registry: Registry) => Promise<string> = (registry) => registry.metrics(),
  ) {}

  /** Records one client request. */
  observeRequest(operationName: string | undefined | null, outcome: RequestOutcome, seconds: number): void {
    this.requestDuration.observe({ operation: this.operationLabel(operationName), outcome }, seconds);
  }

  /** Records one subgraph call; `outcome` is `ok` or the catalogue code it failed with. */
  observeFetch(subgraph: string, outcome: string, seconds: number): void {
    this.fetchDuration.observe({ subgraph, outcome }, seconds);
  }

  /** Reads the execution gate's state at every scrape. */
  watchExecutionGate(gate: ExecutionGateState): void {
    this.gate = gate;
  }

  /** Counts one error by catalogue code (and subgraph, when it came from one). */
  countError(code: string, subgraph?: string): void {
    this.errors.inc(subgraph === undefined ? { code } : { code, subgraph });
  }

  /** Counts one retry of a subgraph call. */
  countRetry(subgraph: string, reason: string): void {
    this.retries.inc({ subgraph, reason });
  }

  /** Records a breaker's current state. */
  /** Client subscriptions open on `transport` right now. */
  setClientSubscriptions(transport: string, count: number): void {
    this.clientSubscriptions.set({ transport }, count);
  }

  /** Upstream subscriptions open to `subgraph` right now. */
  setUpstreamSubscriptions(subgraph: string, count: number): void {
    this.upstreamSubscriptions.set({ subgraph }, count);
  }

  setBreakerState(subgraph: string, state: BreakerState): void {
    for (const candidate of BREAKER_STATES) {
      this.breakerState.set({ subgraph, state: candidate }, candidate === state ? 1 : 0);
    }
  }

  /** Counts one subgraph call that shared an identical call in flight. */
  countSharedFetch(subgraph: string): void {
    this.sharedFetches.inc({ subgraph });
  }

  /** Counts one breaker state change. */
  countBreakerTransition(subgraph: string, from: BreakerState, to: BreakerState): void {
    this.breakerTransitions.inc({ subgraph, from, to });
  }

  /** Records the size of one `_entities` batch. */
  observeEntityBatch(subgraph: string, size: number): void {
    this.entityBatchSize.observe({ subgraph }, size);
  }

  /** Records an operation's estimated cost and, when it was answered, its actual cost. */
  observeCost(cost: { estimated: number; actual?: number }): void {
    // An estimate beyond counting (Infinity) would make the histogram's sum Infinity forever.
    this.operationCost.observe({ measure: 'estimated' }, Math.min(cost.estimated, Number.MAX_SAFE_INTEGER));
    if (cost.actual !== undefined) this.operationCost.observe({ measure: 'actual' }, cost.actual);
  }

  /** Counts one plan cache lookup. */
  countPlanCache(result: 'hit' | 'miss'): void {
    this.planCache.inc({ result });
  }

  /** Counts one failed cache operation (`get`, `set` or `delete`) that fell back to a miss. */
  countCacheError(operation: string): void {
    this.cacheErrors.inc({ operation });
  }

  /** The registry in the Prometheus text format (every worker's, summed, in a worker process). */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.renderText(this.registry) };
  }

  private operationLabel(name: string | undefined | null): string {
    if (!name) return ANONYMOUS;
    if (this.operations.has(name)) return name;
    if (this.operations.size >= this.maxOperationNames) return OTHER;
    this.operations.add(name);
    return name;
  }
}

/**
 * A fresh metrics registry. `processMetrics` adds prom-client's default process metrics
 * (CPU, RSS, event loop lag, GC): turn it on once per process, not per test. `render` replaces
 * how `/metrics` turns the registry into text (a worker process asks for every worker's).
 */
export function createGatewayMetrics(
  options: {
    processMetrics?: boolean;
    maxOperationNames?: number;
    render?: (registry: Registry) => Promise<string>;
  } = {},
) {
  const metrics = new GatewayMetrics(options.maxOperationNames, options.render);
  if (options.processMetrics) collectDefaultMetrics({ register: metrics.registry });
  return metrics;
}
