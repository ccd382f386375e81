import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';
import { createUpstream } from '../../../../gateway/src/upstream/create-upstream.js';
import { silentLogger } from '../../../../platform/logger.js';

const subgraphs = [
  { name: 'product', url: 'http://127.0.0.1:4001/graphql' },
  { name: 'price-svc', url: 'http://127.0.0.1:4003/graphql' },
];

describe('createUpstream', () => {
  it('starts with every breaker closed, in its report and in the metrics', async () => {
    const metrics = createGatewayMetrics();
    const upstream = createUpstream({ subgraphs, log: silentLogger(), metrics });

    expect(upstream.breakerStates()).toEqual({ product: 'closed', 'price-svc': 'closed' });
    expect((await metrics.render()).body).toContain('breaker_state{subgraph="price-svc",state="closed"} 1');
    await upstream.close();
  });

  // What an override changes, and for which subgraph, is checked against real subgraph calls in
  // test/faults/gateway/upstream/per-subgraph-settings.test.ts.
  it('refuses an override for a subgraph the supergraph does not have, naming it and the known ones', () => {
    expect(() =>
      createUpstream({
        subgraphs,
        settings: { subgraphs: { PRICNG: { timeoutMs: 100 } } },
        log: silentLogger(),
      }),
    ).toThrow(/PRICNG.*product, price-svc/);
  });
});
