/**
 * `npm start`: the whole system in one process on the embedded default (in-memory adapters,
 * seeded catalog), or on Redis with `STORAGE=redis`: the three subgraphs, then the gateway in
 * front of them. Ctrl-C stops all.
 */
import { loadGatewayConfig } from '../gateway/src/config/gateway-config.js';
import { subgraphToken } from '../gateway/src/config/subgraph-token.js';
import { startGatewayProcess } from '../gateway/src/main.js';
import { createGatewayLogger } from '../gateway/src/observability/gateway-logger.js';
import { env, loadConfigOrExit, parseEnv } from '../platform/config.js';
import type { RunningServer } from '../platform/http/graphql-http-server.js';
import { createLogger } from '../platform/logger.js';
import { onShutdownSignal } from '../platform/shutdown.js';
import { startInventoryService } from '../subgraphs/inventory/app.js';
import { startPricingService } from '../subgraphs/pricing/app.js';
import { startProductService } from '../subgraphs/product/app.js';
import { MemoryEventBus } from '../subgraphs/shared/adapters/memory-event-bus.js';
import { EVENTS_ENV } from '../subgraphs/shared/events-config.js';
import { STORAGE_ENV, storageOptionsFrom } from '../subgraphs/shared/storage-config.js';

const config = loadConfigOrExit(
  () =>
    parseEnv({
      GATEWAY_PORT: env.port(4000),
      PRODUCT_PORT: env.port(4001),
      INVENTORY_PORT: env.port(4002),
      PRICING_PORT: env.port(4003),
      LOG_LEVEL: env.logLevel(),
      ...STORAGE_ENV,
      ...EVENTS_ENV,
    }),
  'hexagraph',
);
// The gateway reads its own settings (SUPERGRAPH_PATH, limits, REDIS_URL, ...) like `start:gateway`.
const gatewayConfig = loadConfigOrExit(
  () => loadGatewayConfig({ ...process.env, PORT: String(config.GATEWAY_PORT) }),
  'gateway',
);

const log = (service: string) => createLogger({ service, level: config.LOG_LEVEL });
const storage = storageOptionsFrom(config);
// On memory storage the subgraphs' events travel in-process (on Redis, through its streams).
const events = new MemoryEventBus();
const running: { close(): Promise<void> }[] = [];

async function main(): Promise<void> {
  const subgraphs: Record<string, RunningServer> = {
    product: await startProductService({ port: config.PRODUCT_PORT, log: log('product'), storage, events }),
    inventory: await startInventoryService({
      port: config.INVENTORY_PORT,
      log: log('inventory'),
      storage,
      events,
    }),
    pricing: await startPricingService({
      port: config.PRICING_PORT,
      log: log('pricing'),
      storage,
      events,
      ...(config.EVENT_MAX_ATTEMPTS !== undefined && { eventMaxAttempts: config.EVENT_MAX_ATTEMPTS }),
    }),
  };
  running.push(...Object.values(subgraphs));

  // The subgraphs just started are where the gateway finds them, whatever SUBGRAPH_URL_<NAME> says.
  const { core } = gatewayConfig;
  const startedUrls = Object.entries(subgraphs).map(([name, server]) => [subgraphToken(name), server.url]);
  const { gateway, stop } = await startGatewayProcess(
    {
      ...gatewayConfig,
      core: {
        ...core,
        subgraphUrlOverrides: { ...core.subgraphUrlOverrides, ...Object.fromEntries(startedUrls) },
      },
    },
    createGatewayLogger({ level: gatewayConfig.observability.logLevel }),
  );
  running.unshift({ close: stop });

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
