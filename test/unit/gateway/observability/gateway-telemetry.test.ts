import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';
import { gatewayTelemetry } from '../../../../gateway/src/observability/gateway-telemetry.js';

describe('gatewayTelemetry', () => {
  it('turns the gateway hooks into entity batch and plan cache metrics', async () => {
    const metrics = createGatewayMetrics();
    const { hooks } = gatewayTelemetry(metrics);

    hooks.onPlan({ cacheHit: false });
    hooks.onPlan({ cacheHit: true });
    hooks.onPlan({ cacheHit: true });
    hooks.onFetch({ subgraph: 'inventory', entityCount: 40 });
    hooks.onFetch({ subgraph: 'product' });

    const { body } = await metrics.render();
    expect(body).toContain('plan_cache_total{result="miss"} 1');
    expect(body).toContain('plan_cache_total{result="hit"} 2');
    expect(body).toContain('entity_batch_size_count{subgraph="inventory"} 1');
    expect(body).not.toContain('entity_batch_size_count{subgraph="product"}');
  });

  it('serves the metrics at /metrics', () => {
    expect(Object.keys(gatewayTelemetry(createGatewayMetrics()).adminRoutes)).toEqual(['/metrics']);
  });
});
