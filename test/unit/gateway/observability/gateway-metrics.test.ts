import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';

describe('GatewayMetrics', () => {
  it('renders every gateway metric in the Prometheus text format', async () => {
    const metrics = createGatewayMetrics();
    metrics.observeRequest('TopProducts', 'partial', 0.12);
    metrics.observeFetch('pricing', 'GATEWAY_TIMEOUT', 2);
    metrics.countError('CIRCUIT_OPEN', 'pricing');
    metrics.countRetry('pricing', 'SUBREQUEST_HTTP_ERROR');
    metrics.setBreakerState('pricing', 'open');
    metrics.countBreakerTransition('pricing', 'closed', 'open');
    metrics.observeEntityBatch('inventory', 25);
    metrics.countPlanCache('hit');

    const { contentType, body } = await metrics.render();

    expect(contentType).toMatch(/^text\/plain/);
    for (const line of [
      'hexagraph_gateway_request_duration_seconds_count{operation="TopProducts",outcome="partial"} 1',
      'hexagraph_gateway_fetch_duration_seconds_count{subgraph="pricing",outcome="GATEWAY_TIMEOUT"} 1',
      'hexagraph_gateway_errors_total{code="CIRCUIT_OPEN",subgraph="pricing"} 1',
      'hexagraph_gateway_retries_total{subgraph="pricing",reason="SUBREQUEST_HTTP_ERROR"} 1',
      'hexagraph_gateway_breaker_state{subgraph="pricing",state="open"} 1',
      'hexagraph_gateway_breaker_state{subgraph="pricing",state="closed"} 0',
      'hexagraph_gateway_breaker_transitions_total{subgraph="pricing",from="closed",to="open"} 1',
      'hexagraph_gateway_entity_batch_size_sum{subgraph="inventory"} 25',
      'hexagraph_gateway_plan_cache_total{result="hit"} 1',
    ]) {
      expect(body).toContain(line);
    }
  });

  it('labels anonymous operations, and names beyond the cap as (other), so clients cannot add series without bound', async () => {
    const metrics = createGatewayMetrics({ maxOperationNames: 2 });
    for (const name of ['A', 'B', 'C', 'D', undefined, 'A']) metrics.observeRequest(name, 'success', 0.01);

    const { body } = await metrics.render();

    expect(body).toContain('operation="A",outcome="success"} 2');
    expect(body).toContain('operation="B",outcome="success"} 1');
    expect(body).toContain('operation="(other)",outcome="success"} 2');
    expect(body).toContain('operation="(anonymous)",outcome="success"} 1');
    expect(body).not.toContain('operation="C"');
  });

  it('keeps registries apart, so two gateways in one process do not mix their figures', async () => {
    const first = createGatewayMetrics();
    const second = createGatewayMetrics();
    first.countPlanCache('miss');

    expect((await second.render()).body).not.toContain('hexagraph_gateway_plan_cache_total{result="miss"} 1');
  });
});
