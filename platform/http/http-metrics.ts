import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { BucketHistogram } from '../metrics/bucket-histogram.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const REQUEST_DURATION = 'hexagraph_subgraph_request_duration_seconds';

/** Records the GraphQL requests a host serves, by service and HTTP status. */
export interface HttpMetrics {
  observeRequest(status: number, seconds: number): void;
  /** Serves the registry in the Prometheus text format (`GET /metrics`). */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * The request metrics of one service in `registry` (its count and duration histogram), and the
 * route serving the whole registry. Several services of one process share the registry and the
 * histogram, told apart by their `service` label.
 */
export function httpMetrics(registry: Registry, service: string): HttpMetrics {
  const duration =
    (registry.getSingleMetric(REQUEST_DURATION) as unknown as
      | BucketHistogram<'service' | 'status'>
      | undefined) ??
    new BucketHistogram({
      name: REQUEST_DURATION,
      help: 'GraphQL requests served (count) and their duration, by service and HTTP status.',
      labelNames: ['service', 'status'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  return {
    observeRequest(status, seconds) {
      duration.observe({ service, status: String(status) }, seconds);
    },
    async serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Use GET to read metrics.\n');
        return;
      }
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
