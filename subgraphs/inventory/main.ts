import { loadConfigOrExit } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { edgeSettingsFrom } from '../shared/edge-config.js';
import { storageOptionsFrom } from '../shared/storage-config.js';
import { startInventoryService } from './app.js';
import { loadInventoryConfig } from './config.js';

const { config, edge } = loadConfigOrExit(() => {
  const config = loadInventoryConfig();
  return { config, edge: edgeSettingsFrom(config) };
}, 'inventory');
const log = createLogger({ service: 'inventory', level: config.LOG_LEVEL });
const server = await startInventoryService({
  port: config.PORT,
  host: config.HOST,
  log,
  storage: storageOptionsFrom(config),
  production: config.NODE_ENV === 'production',
  signing: edge.signing,
  limits: edge.limits,
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'inventory subgraph failed to start');
  process.stderr.write(
    `inventory: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
log.info({ url: server.url, storage: config.STORAGE }, 'inventory subgraph ready');
onShutdownSignal(log, (graceMs) => server.close({ graceMs }), { graceMs: edge.shutdownGraceMs });
