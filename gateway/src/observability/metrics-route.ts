import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayMetrics } from './gateway-metrics.js';

/**
 * An HTTP handler serving the metrics registry in the Prometheus text format (for `/metrics`);
 * 503, saying why, when they cannot be read (a worker process's siblings did not answer).
 */
export function metricsRoute(
  metrics: GatewayMetrics,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Use GET to read metrics.\n');
      return;
    }
    let rendered: { contentType: string; body: string };
    try {
      rendered = await metrics.render();
    } catch (error) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`Metrics are unavailable: ${(error as Error).message}\n`);
      return;
    }
    const { contentType, body } = rendered;
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
