import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { onShutdownSignal } from '../platform/shutdown.js';
import { startProductService } from './app.js';
import { loadProductConfig } from './config.js';

const config = loadConfigOrExit(() => loadProductConfig(), 'product');
if (config.STORAGE !== 'memory') {
  process.stderr.write(
    `product: STORAGE=${config.STORAGE} is not available in this version; use STORAGE=memory.\n`,
  );
  process.exit(1);
}

const log = createLogger({ service: 'product', level: config.LOG_LEVEL });
const server = await startProductService({
  port: config.PORT,
  host: config.HOST,
  log,
  production: config.NODE_ENV === 'production',
});
process.stdout.write(`product subgraph serving GraphQL at ${server.url}\n`);
onShutdownSignal(log, () => server.close());
