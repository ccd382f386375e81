import { loadConfigOrExit } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { onShutdownSignal } from '../../platform/shutdown.js';
import { storageOptionsFrom } from '../shared/storage-config.js';
import { startPricingService } from './app.js';
import { loadPricingConfig } from './config.js';

const config = loadConfigOrExit(() => loadPricingConfig(), 'pricing');
const log = createLogger({ service: 'pricing', level: config.LOG_LEVEL });
const server = await startPricingService({
  port: config.PORT,
  host: config.HOST,
  log,
  storage: storageOptionsFrom(config),
  production: config.NODE_ENV === 'production',
  ...(config.EVENT_MAX_ATTEMPTS !== undefined && { eventMaxAttempts: config.EVENT_MAX_ATTEMPTS }),
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'pricing subgraph failed to start');
  process.stderr.write(
    `pricing: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
log.info({ url: server.url, storage: config.STORAGE }, 'pricing subgraph ready');
onShutdownSignal(log, () => server.close());
