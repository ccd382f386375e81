import { loadConfigOrExit } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { edgeSettingsFrom } from '../shared/edge-config.js';
import { storageOptionsFrom } from '../shared/storage-config.js';
import { startPricingService } from './app.js';
import { loadPricingConfig } from './config.js';

const { config, edge } = loadConfigOrExit(() => {
  const config = loadPricingConfig();
  return { config, edge: edgeSettingsFrom(config) };
}, 'pricing');
const log = createLogger({ service: 'pricing', level: config.LOG_LEVEL });
const server = await startPricingService({
  port: config.PORT,
  host: config.HOST,
  log,
  storage: storageOptionsFrom(config),
  production: config.NODE_ENV === 'production',
  ...(config.EVENT_MAX_ATTEMPTS !== undefined && { eventMaxAttempts: config.EVENT_MAX_ATTEMPTS }),
  signing: edge.signing,
  limits: edge.limits,
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'pricing subgraph failed to start');
  process.stderr.write(
    `pricing: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
log.info({ url: server.url, storage: config.STORAGE }, 'pricing subgraph ready');
onShutdownSignal(log, (graceMs) => server.close({ graceMs }), { graceMs: edge.shutdownGraceMs });
