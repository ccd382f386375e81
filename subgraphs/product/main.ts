import { loadConfigOrExit } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { edgeSettingsFrom } from '../shared/edge-config.js';
import { storageOptionsFrom } from '../shared/storage-config.js';
import { startProductService } from './app.js';
import { loadProductConfig } from './config.js';

const { config, edge } = loadConfigOrExit(() => {
  const config = loadProductConfig();
  return { config, edge: edgeSettingsFrom(config) };
}, 'product');
const log = createLogger({ service: 'product', level: config.LOG_LEVEL });
const server = await startProductService({
  port: config.PORT,
  host: config.HOST,
  log,
  storage: storageOptionsFrom(config),
  production: config.NODE_ENV === 'production',
  signing: edge.signing,
  limits: edge.limits,
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'product subgraph failed to start');
  process.stderr.write(
    `product: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
log.info({ url: server.url, storage: config.STORAGE }, 'product subgraph ready');
onShutdownSignal(log, (graceMs) => server.close({ graceMs }), { graceMs: edge.shutdownGraceMs });
