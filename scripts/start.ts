/**
 * `npm start`: the whole system in one process on the embedded default (in-memory adapters,
 * seeded catalog), or on Redis with `STORAGE=redis`: the three subgraphs, then the gateway in
 * front of them. Ctrl-C stops all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startGateway } from '../gateway/src/app.js';
import { startInventoryService } from '../subgraphs/inventory/app.js';
import { env, loadConfigOrExit, parseEnv } from '../subgraphs/platform/config.js';
import type { RunningServer } from '../subgraphs/platform/http/graphql-http-server.js';
import { createLogger } from '../subgraphs/platform/logger.js';
import { onShutdownSignal } from '../subgraphs/platform/shutdown.js';
import { STORAGE_ENV, storageOptionsFrom } from '../subgraphs/platform/storage-config.js';
import { startPricingService } from '../subgraphs/pricing/app.js';
import { startProductService } from '../subgraphs/product/app.js';

const root = join(import.meta.dirname, '..');

const config = loadConfigOrExit(
  () =>
    parseEnv({
      GATEWAY_PORT: env.port(4000),
      PRODUCT_PORT: env.port(4001),
      INVENTORY_PORT: env.port(4002),
      PRICING_PORT: env.port(4003),
      SUPERGRAPH_PATH: z.string().default(join(root, 'schema/supergraph.graphql')),
      LOG_LEVEL: env.logLevel(),
      ...STORAGE_ENV,
    }),
  'hexagraph',
);

const log = (service: string) => createLogger({ service, level: config.LOG_LEVEL });
const storage = storageOptionsFrom(config);
const running: { close(): Promise<void> }[] = [];

async function main(): Promise<void> {
  const subgraphs: Record<string, RunningServer> = {
    product: await startProductService({ port: config.PRODUCT_PORT, log: log('product'), storage }),
    inventory: await startInventoryService({ port: config.INVENTORY_PORT, log: log('inventory'), storage }),
    pricing: await startPricingService({ port: config.PRICING_PORT, log: log('pricing'), storage }),
  };
  running.push(...Object.values(subgraphs));

  const gateway = await startGateway({
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])),
    port: config.GATEWAY_PORT,
    log: log('gateway'),
  });
  running.unshift(gateway);

  const lines = [
    '',
    `Hexagraph is running (${storage.kind === 'redis' ? `Redis at ${storage.url}` : 'in-memory storage'}, seeded catalog):`,
    `  gateway    ${gateway.url}   <- open in a browser for Apollo Sandbox`,
    ...Object.entries(subgraphs).map(([name, server]) => `  ${name.padEnd(10)} ${server.url}`),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

onShutdownSignal(log('hexagraph'), async () => {
  for (const server of running) await server.close();
});

main().catch(async (error: unknown) => {
  process.stderr.write(
    `hexagraph: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await Promise.allSettled(running.map((server) => server.close()));
  process.exit(1);
});
