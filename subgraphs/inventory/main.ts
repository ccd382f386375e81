import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { onShutdownSignal } from '../platform/shutdown.js';
import { startInventoryService } from './app.js';
import { loadInventoryConfig } from './config.js';

const config = loadConfigOrExit(() => loadInventoryConfig(), 'inventory');
if (config.STORAGE !== 'memory') {
  process.stderr.write(`inventory: STORAGE=${config.STORAGE} is not supported yet; use STORAGE=memory.\n`);
  process.exit(1);
}

const log = createLogger({ service: 'inventory', level: config.LOG_LEVEL });
const server = await startInventoryService({
  port: config.PORT,
  host: config.HOST,
  log,
  production: config.NODE_ENV === 'production',
}).catch((error: unknown) => {
  process.stderr.write(
    `inventory: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
process.stdout.write(`inventory subgraph ready at ${server.url}\n`);
onShutdownSignal(log, () => server.close());
