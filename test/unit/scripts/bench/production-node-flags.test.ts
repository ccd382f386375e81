import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  productionNodeSettings,
  readProductionNodeSettings,
} from '../../../../scripts/bench/production-node-flags.js';

describe('productionNodeSettings', () => {
  it("reads the final stage's CMD flags and environment, not an earlier stage's", () => {
    const dockerfile = [
      'FROM node:20 AS build',
      'ENV NODE_OPTIONS=--max-old-space-size=4096',
      'CMD ["node", "--inspect", "build.js"]',
      'FROM node:20-slim AS runtime',
      'ENV NODE_ENV=production',
      'ENV NODE_OPTIONS="--enable-source-maps"',
      'ENV MALLOC_ARENA_MAX 2',
      'CMD ["node", "--max-semi-space-size=64", "--no-opt", "dist/gateway/src/main.js"]',
    ].join('\n');
    expect(productionNodeSettings(dockerfile)).toEqual({
      nodeFlags: ['--max-semi-space-size=64', '--no-opt'],
      environment: { NODE_ENV: 'production', NODE_OPTIONS: '--enable-source-maps', MALLOC_ARENA_MAX: '2' },
      script: 'dist/gateway/src/main.js',
    });
  });

  it('reads several settings of one ENV line, quoted or not', () => {
    const dockerfile = [
      'FROM node:20',
      'ENV MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072',
      'ENV NODE_OPTIONS="--enable-source-maps --trace-warnings" TZ=UTC',
      'CMD ["node", "main.js"]',
    ].join('\n');
    expect(productionNodeSettings(dockerfile).environment).toEqual({
      MALLOC_ARENA_MAX: '2',
      MALLOC_TRIM_THRESHOLD_: '131072',
      NODE_OPTIONS: '--enable-source-maps --trace-warnings',
      TZ: 'UTC',
    });
  });

  it('finds no flags in a plain CMD', () => {
    expect(productionNodeSettings('FROM node:20\nCMD ["node", "dist/gateway/src/main.js"]\n')).toEqual({
      nodeFlags: [],
      environment: {},
      script: 'dist/gateway/src/main.js',
    });
  });

  it('refuses a final stage without an exec-form node CMD, naming the file', () => {
    expect(() => productionNodeSettings('FROM node:20\nCMD node main.js\n', 'Dockerfile.prod')).toThrow(
      'Dockerfile.prod: the final stage has no exec-form CMD ["node", ..., "<script>"]',
    );
  });

  it("reads the repository's Dockerfile: the compiled gateway", () => {
    expect(readProductionNodeSettings().script).toBe('dist/gateway/src/main.js');
  });

  it('reads the Dockerfile of another checkout when given its root', () => {
    const root = mkdtempSync(join(tmpdir(), 'checkout-'));
    writeFileSync(
      join(root, 'Dockerfile'),
      'FROM node:20\nCMD ["node", "--max-semi-space-size=2", "main.js"]\n',
    );
    expect(readProductionNodeSettings(root)).toEqual({
      nodeFlags: ['--max-semi-space-size=2'],
      environment: {},
      script: 'main.js',
    });
  });
});
