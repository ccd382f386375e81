import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GatewayMetrics } from './gateway-metrics.js';
import { metricsRoute } from './metrics-route.js';
import { requestMetricsPlugin } from './request-metrics-plugin.js';

/** The instrumentation hooks the gateway calls after each subgraph call and each planning. */
export interface MetricsHooks {
  onFetch(info: { subgraph: string; entityCount?: number }): void;
  onPlan(info: { cacheHit: boolean }): void;
}

/** What `gatewayTelemetry` adds to the gateway's dependencies. */
export interface GatewayTelemetry {
  hooks: MetricsHooks;
  plugins: ApolloServerPlugin<BaseContext>[];
  adminRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

/**
 * Everything that feeds `metrics` from a running gateway, ready to spread into `startGateway`'s
 * dependencies: hooks (entity batch sizes, plan cache hits and misses), the request metrics plugin
 * (durations, errors by code) and the `/metrics` route. Subgraph call durations, retries and
 * breaker states are recorded by the upstream layer given the same `metrics`.
 */
export function gatewayTelemetry(metrics: GatewayMetrics): GatewayTelemetry {
  return {
    hooks: {
      onFetch: ({ subgraph, entityCount }) => {
        if (entityCount !== undefined) metrics.observeEntityBatch(subgraph, entityCount);
      },
      onPlan: ({ cacheHit }) => metrics.countPlanCache(cacheHit ? 'hit' : 'miss'),
    },
    plugins: [requestMetricsPlugin(metrics)],
    adminRoutes: { '/metrics': metricsRoute(metrics) },
  };
}
