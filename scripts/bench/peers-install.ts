import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEERS_DIR } from './gateway-launch.js';

const STAMP = join(PEERS_DIR, 'node_modules/.bench-peers-lock.sha256');

function lockDigest(): string {
  return createHash('sha256')
    .update(readFileSync(join(PEERS_DIR, 'package-lock.json')))
    .digest('hex');
}

/**
 * Installs the peers (`npm ci --prefix bench/peers`) when `bench/peers/node_modules` is missing or
 * was installed from another `package-lock.json`, and says so: the first run needs the npm registry.
 */
export function ensurePeersInstalled(log: (line: string) => void): void {
  const digest = lockDigest();
  const installed = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : undefined;
  if (installed === digest) return;
  log(
    installed === undefined
      ? 'bench/peers/node_modules is missing: installing the peers with npm ci (needs the npm registry) ...'
      : 'bench/peers/package-lock.json changed since the peers were installed: npm ci again ...',
  );
  const result = spawnSync(
    'npm',
    ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) {
    throw new Error(`npm ci --prefix bench/peers failed (exit code ${result.status}); see its output above`);
  }
  writeFileSync(STAMP, `${digest}\n`);
}
