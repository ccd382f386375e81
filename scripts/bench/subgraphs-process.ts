/**
 * Benchmark child: one workload's subgraphs, each behind a replay proxy that answers repeated
 * subgraph operations from memory and counts every request. `start` takes the workload name and
 * answers with the proxies' URLs by subgraph name; `stats` answers each proxy's counts so far.
 */

import type { RunningServer } from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { startInventoryService } from '../../subgraphs/inventory/app.js';
import { startPricingService } from '../../subgraphs/pricing/app.js';
import { startProductService } from '../../subgraphs/product/app.js';
import { serveParent } from './child-messages.js';
import { SUBGRAPH_NAMES, startPublicSubgraph } from './gateways-benchmark/subgraphs.js';
import { type ReplayProxy, startReplayProxy } from './replay-proxy.js';
import type { WorkloadName } from './workloads.js';

const services: RunningServer[] = [];
const proxies = new Map<string, ReplayProxy>();

async function startCatalog(): Promise<Record<string, RunningServer>> {
  const options = { port: 0, host: '127.0.0.1', log: silentLogger(), production: true };
  return {
    product: await startProductService(options),
    inventory: await startInventoryService(options),
    pricing: await startPricingService(options),
  };
}

async function startGatewaysBenchmark(): Promise<Record<string, RunningServer>> {
  const started: Record<string, RunningServer> = {};
  for (const name of SUBGRAPH_NAMES) started[name] = await startPublicSubgraph(name);
  return started;
}

serveParent({
  async start(payload) {
    const workload = payload as WorkloadName;
    const started = workload === 'catalog' ? await startCatalog() : await startGatewaysBenchmark();
    for (const [name, service] of Object.entries(started)) {
      services.push(service);
      proxies.set(name, await startReplayProxy(service.url.replace('localhost', '127.0.0.1')));
    }
    return Object.fromEntries([...proxies].map(([name, proxy]) => [name, proxy.url]));
  },
  stats() {
    return Object.fromEntries([...proxies].map(([name, proxy]) => [name, proxy.stats()]));
  },
  async stop() {
    await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
    await Promise.all(services.map((service) => service.close()));
  },
});
