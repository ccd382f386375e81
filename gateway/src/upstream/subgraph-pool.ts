import { Pool } from 'undici';
import type { SubgraphSettings } from '../config/upstream-config.js';

/**
 * An undici connection pool to one subgraph's origin: keep-alive, bounded connections, connect,
 * header and body timeouts (the per-attempt timeout policy usually fires first; these are the
 * backstop), no pipelining so one slow answer never holds up another.
 */
export function createSubgraphPool(url: string, settings: SubgraphSettings): Pool {
  return new Pool(new URL(url).origin, {
    connections: settings.maxConnections,
    pipelining: 1,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connect: { timeout: settings.connectTimeoutMs },
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  });
}
