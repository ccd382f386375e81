import { collectDefaultMetrics, type Registry, register } from 'prom-client';

let collecting = false;

/**
 * The process's one metrics registry, prom-client's default: every subgraph of the process (and
 * any metric registered without a registry of its own) records into it, and each subgraph serves
 * it at `/metrics`. prom-client's process metrics (CPU, memory, event loop lag, GC) are collected
 * into it once.
 */
export function processMetricsRegistry(): Registry {
  if (!collecting) {
    collecting = true;
    collectDefaultMetrics({ register });
  }
  return register;
}
