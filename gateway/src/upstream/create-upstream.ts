import type { Logger } from 'pino';
import type { Pool } from 'undici';
import { subgraphToken } from '../config/subgraph-token.js';
import { settingsForSubgraph, type UpstreamSettings, withDefaults } from '../config/upstream-config.js';
import type { BreakerState, GatewayMetrics } from '../observability/gateway-metrics.js';
import { InflightSharingClient } from './inflight-sharing-client.js';
import { breakerStateName } from './policies/circuit-breaker.js';
import { signingInterceptor } from './request-signing.js';
import { ResilientSubgraphClient } from './resilient-subgraph-client.js';
import type { SubgraphClient } from './subgraph-client.js';
import { SubgraphPolicy } from './subgraph-policy.js';
import { createSubgraphPool } from './subgraph-pool.js';
import { type SubgraphEndpoint, UndiciSubgraphClient } from './undici-subgraph-client.js';

/** The gateway's way to its subgraphs, and what it holds open. */
export interface Upstream {
  /** Calls subgraphs through their pools and policies. */
  client: SubgraphClient;
  /** Closes every pool: in-flight calls get a grace period, then their connections are cut. */
  close(): Promise<void>;
  /** Each subgraph's breaker state, for readiness and diagnostics. */
  breakerStates(): Record<string, BreakerState>;
}

/** Everything `createUpstream` needs. */
export interface UpstreamOptions {
  subgraphs: { name: string; url: string }[];
  /** Defaults fill whatever is missing. */
  settings?: Partial<UpstreamSettings>;
  /** Share one upstream call between identical query calls in flight (default true). */
  inflightDeduplication?: boolean;
  log: Logger;
  metrics?: GatewayMetrics;
}

/**
 * Builds the upstream layer: per subgraph one undici Pool (signing every request when the settings
 * hold a signing secret) and one set of policies (bulkhead -> breaker -> retry -> timeout), behind
 * the SubgraphClient port; in front of them, identical query calls in flight share one upstream
 * call. Every breaker transition is logged and counted. Throws when a per-subgraph override names
 * no known subgraph (a likely typo in the environment).
 */
export function createUpstream(options: UpstreamOptions): Upstream {
  const { log, metrics } = options;
  const settings = withDefaults(options.settings);
  assertOverridesMatch(settings, options.subgraphs);

  const pools: Pool[] = [];
  const endpoints: Record<string, SubgraphEndpoint> = {};
  const policies = new Map<string, SubgraphPolicy>();
  const signing = settings.signingSecret ? signingInterceptor(settings.signingSecret) : undefined;
  for (const { name, url } of options.subgraphs) {
    const own = settingsForSubgraph(settings, name);
    const pool = createSubgraphPool(url, own);
    pools.push(pool);
    const dispatcher = signing ? pool.compose(signing) : pool;
    endpoints[name] = { url, dispatcher, maxResponseBytes: own.maxResponseBytes };
    const policy = new SubgraphPolicy(name, own);
    policies.set(name, policy);
    metrics?.setBreakerState(name, 'closed');
    let current: BreakerState = 'closed';
    policy.breaker.onStateChange((state) => {
      const from = current;
      const to = breakerStateName(state);
      current = to;
      metrics?.setBreakerState(name, to);
      // Half-open lasts one test call: a scrape of the state gauge rarely sees it, the counter does.
      metrics?.countBreakerTransition(name, from, to);
      const fields = { subgraph: name, from, to, breaker: to };
      if (to === 'open')
        log.warn({ ...fields, cause: describeLastFailure(policy) }, 'circuit breaker opened');
      else log.info(fields, `circuit breaker ${to}`);
    });
  }

  const resilient = new ResilientSubgraphClient(new UndiciSubgraphClient(endpoints), policies, {
    log,
    metrics,
  });
  const client =
    options.inflightDeduplication === false
      ? resilient
      : new InflightSharingClient(resilient, (subgraph) => metrics?.countSharedFetch(subgraph));
  return {
    client,
    close: () => closePools(pools, CLOSE_GRACE_MS),
    breakerStates: () =>
      Object.fromEntries([...policies].map(([name, policy]) => [name, policy.breakerState])),
  };
}

const CLOSE_GRACE_MS = 5_000;

async function closePools(pools: Pool[], graceMs: number): Promise<void> {
  // A hanging subgraph would keep `close` waiting forever: after the grace period, cut it off.
  const cutOff = setTimeout(() => {
    for (const pool of pools) pool.destroy().catch(() => undefined);
  }, graceMs);
  cutOff.unref();
  try {
    await Promise.allSettled(pools.map((pool) => pool.close()));
  } finally {
    clearTimeout(cutOff);
  }
}

function describeLastFailure(policy: SubgraphPolicy): string | undefined {
  const last = policy.breaker.lastFailure;
  return last && 'error' in last ? last.error.message : undefined;
}

function assertOverridesMatch(settings: UpstreamSettings, subgraphs: { name: string }[]): void {
  const known = new Set(subgraphs.map(({ name }) => subgraphToken(name)));
  const unknown = Object.keys(settings.subgraphs).filter((key) => !known.has(subgraphToken(key)));
  if (unknown.length > 0) {
    throw new Error(
      `Upstream settings override unknown subgraph(s) ${unknown.join(', ')}; the supergraph has ${subgraphs
        .map(({ name }) => name)
        .join(', ')}.`,
    );
  }
}
