import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';
import { metricsRoute } from '../../../../gateway/src/observability/metrics-route.js';

/** The parts of a ServerResponse the route uses, recording what it was given. */
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
      return res;
    },
    end(body?: string) {
      sent.body = body ?? '';
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe('metricsRoute', () => {
  it('serves the registry as Prometheus text on GET', async () => {
    const metrics = createGatewayMetrics();
    metrics.countPlanCache('miss');
    const { res, sent } = fakeResponse();

    await metricsRoute(metrics)({ method: 'GET' } as IncomingMessage, res);

    expect(sent.status).toBe(200);
    expect(sent.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sent.body).toContain('hexagraph_gateway_plan_cache_total{result="miss"} 1');
  });

  it('refuses other methods with 405', async () => {
    const { res, sent } = fakeResponse();

    await metricsRoute(createGatewayMetrics())({ method: 'POST' } as IncomingMessage, res);

    expect(sent.status).toBe(405);
  });
});
