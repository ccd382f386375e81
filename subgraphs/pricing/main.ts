import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { onShutdownSignal } from '../platform/shutdown.js';
import { startPricingService } from './app.js';
import { loadPricingConfig } from './config.js';

const config = loadConfigOrExit(() => loadPricingConfig(), 'pricing');
if (config.STORAGE !== 'memory') {
  process.stderr.write(
    `pricing: STORAGE=${config.STORAGE} is not supported by this service yet; set STORAGE=memory or leave it unset.\n`,
  );
  process.exit(1);
}

const log = createLogger({ service: 'pricing', level: config.LOG_LEVEL });
const server = await startPricingService({
  port: config.PORT,
  host: config.HOST,
  log,
  production: config.NODE_ENV === 'production',
});
process.stdout.write(`pricing subgraph ready at ${server.url}\n`);
onShutdownSignal(log, () => server.close());
