/**
 * Benchmark child: the three subgraphs (seeded memory storage), each behind a replay proxy that
 * answers repeated subgraph operations from memory. Answers `start` with the proxies' URLs.
 */

import type { RunningServer } from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { startInventoryService } from '../../subgraphs/inventory/app.js';
import { startPricingService } from '../../subgraphs/pricing/app.js';
import { startProductService } from '../../subgraphs/product/app.js';
import { serveParent } from './child-messages.js';
import { type ReplayProxy, startReplayProxy } from './replay-proxy.js';

const services: RunningServer[] = [];
const proxies = new Map<string, ReplayProxy>();

serveParent({
  async start() {
    const options = { port: 0, host: '127.0.0.1', log: silentLogger(), production: true };
    const started = {
      product: await startProductService(options),
      inventory: await startInventoryService(options),
      pricing: await startPricingService(options),
    };
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
