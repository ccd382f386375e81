/**
 * `npm start`: the whole system in one process on the embedded default (in-memory adapters,
 * seeded catalog), or on Redis with `STORAGE=redis`: the three subgraphs, then the gateway in
 * front of them. Ctrl-C or SIGTERM drains the gateway, then the subgraphs, within one
 * SHUTDOWN_GRACE_MS, and nothing is left listening. (The npm script `exec`s, so npm's signals
 * reach this process rather than stopping at a shell.)
 */
import { loadGatewayConfig } from '../gateway/src/config/gateway-config.js';
import { subgraphToken } from '../gateway/src/config/subgraph-token.js';
import { startGatewayProcess } from '../gateway/src/gateway-process.js';
import { createGatewayLogger, writeHeldLines } from '../gateway/src/observability/gateway-logger.js';
import { env, loadConfigOrExit, parseEnv } from '../platform/config.js';
import type { DrainOutcome } from '../platform/http/connection-drain.js';
import type { RunningServer } from '../platform/http/graphql-http-server.js';
import { createLogger } from '../platform/logger.js';
import { onShutdownSignal, worstOutcome } from '../platform/shutdown.js';
import { startInventoryService } from '../subgraphs/inventory/app.js';
import { startPricingService } from '../subgraphs/pricing/app.js';
import { startProductService } from '../subgraphs/product/app.js';
import { MemoryEventBus } from '../subgraphs/shared/adapters/memory-event-bus.js';
import { EDGE_ENV, edgeSettingsFrom } from '../subgraphs/shared/edge-config.js';
import { EVENTS_ENV } from '../subgraphs/shared/events-config.js';
import { STORAGE_ENV, storageOptionsFrom } from '../subgraphs/shared/storage-config.js';

const { config, edge } = loadConfigOrExit(() => {
  const parsed = parseEnv({
    GATEWAY_PORT: env.port(4000),
    PRODUCT_PORT: env.port(4001),
    INVENTORY_PORT: env.port(4002),
    PRICING_PORT: env.port(4003),
    LOG_LEVEL: env.logLevel(),
    NODE_ENV: env.nodeEnv(),
    ...STORAGE_ENV,
    ...EVENTS_ENV,
    ...EDGE_ENV,
  });
  return { config: parsed, edge: edgeSettingsFrom(parsed) };
}, 'hexagraph');
// The gateway reads its own settings (SUPERGRAPH_PATH, limits, REDIS_URL, ...) like `start:gateway`.
const gatewayConfig = loadConfigOrExit(
  () => loadGatewayConfig({ ...process.env, PORT: String(config.GATEWAY_PORT) }),
  'gateway',
);

const log = (service: string) => createLogger({ service, level: config.LOG_LEVEL });
const storage = storageOptionsFrom(config);
// On memory storage the subgraphs' events travel in-process (on Redis, through its streams).
const events = new MemoryEventBus();
const shared = { storage, events, signing: edge.signing, limits: edge.limits };
const subgraphs: RunningServer[] = [];
let gatewayStop: ((graceMs: number) => Promise<DrainOutcome>) | undefined;

async function main(): Promise<void> {
  // Each one is tracked as soon as it listens, so a failed start-up stops those already running.
  const track = (server: RunningServer) => {
    subgraphs.push(server);
    return server;
  };
  const started = {
    product: track(await startProductService({ port: config.PRODUCT_PORT, log: log('product'), ...shared })),
    inventory: track(
      await startInventoryService({ port: config.INVENTORY_PORT, log: log('inventory'), ...shared }),
    ),
    pricing: track(
      await startPricingService({
        port: config.PRICING_PORT,
        log: log('pricing'),
        ...shared,
        ...(config.EVENT_MAX_ATTEMPTS !== undefined && { eventMaxAttempts: config.EVENT_MAX_ATTEMPTS }),
      }),
    ),
  };

  // The subgraphs just started are where the gateway finds them, whatever SUBGRAPH_URL_<NAME> says.
  const { core } = gatewayConfig;
  const startedUrls = Object.entries(started).map(([name, server]) => [subgraphToken(name), server.url]);
  const gatewayLog = createGatewayLogger({ level: gatewayConfig.observability.logLevel });
  if (core.workerProcesses > 1)
    gatewayLog.warn(
      `WORKER_PROCESSES=${core.workerProcesses} is for the gateway's own process (npm run start:gateway, the container image); npm start runs one gateway`,
    );
  const { gateway, stop } = await startGatewayProcess(
    {
      ...gatewayConfig,
      core: {
        ...core,
        subgraphUrlOverrides: { ...core.subgraphUrlOverrides, ...Object.fromEntries(startedUrls) },
      },
    },
    gatewayLog,
  );
  gatewayStop = stop;

  const lines = [
    '',
    `Hexagraph is running (${storage.kind === 'redis' ? `Redis at ${storage.url}` : 'in-memory storage'}, seeded catalog):`,
    `  gateway    ${gateway.url}   <- open in a browser for the explorer`,
    ...Object.entries(started).map(([name, server]) => `  ${name.padEnd(10)} ${server.url}`),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  // After the gateway's start-up lines, which its logger writes in batches.
  writeHeldLines(gatewayLog);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Drains the gateway first (its requests in flight still call the subgraphs), then the subgraphs. */
async function stopAll(graceMs: number): Promise<DrainOutcome> {
  const deadline = Date.now() + graceMs;
  const gateway = await gatewayStop?.(graceMs);
  const remaining = Math.max(0, deadline - Date.now());
  const rest = await Promise.all(subgraphs.map((server) => server.close({ graceMs: remaining })));
  return worstOutcome([gateway, ...rest]);
}

onShutdownSignal(log('hexagraph'), stopAll, { graceMs: edge.shutdownGraceMs });

main().catch(async (error: unknown) => {
  process.stderr.write(
    `hexagraph: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stopAll(0).catch(() => undefined);
  process.exit(1);
});
