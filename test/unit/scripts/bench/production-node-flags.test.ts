import { describe, expect, it } from 'vitest';
import {
  productionNodeSettings,
  readProductionNodeSettings,
} from '../../../../scripts/bench/production-node-flags.js';

describe('productionNodeSettings', () => {
  it("reads the final stage's CMD flags and NODE_OPTIONS, not an earlier stage's", () => {
    const dockerfile = [
      'FROM node:20 AS build',
      'ENV NODE_OPTIONS=--max-old-space-size=4096',
      'CMD ["node", "--inspect", "build.js"]',
      'FROM node:20-slim AS runtime',
      'ENV NODE_ENV=production',
      'ENV NODE_OPTIONS="--enable-source-maps"',
      'CMD ["node", "--max-semi-space-size=64", "--no-opt", "dist/gateway/src/main.js"]',
    ].join('\n');
    expect(productionNodeSettings(dockerfile)).toEqual({
      nodeFlags: ['--max-semi-space-size=64', '--no-opt'],
      nodeOptions: '--enable-source-maps',
      script: 'dist/gateway/src/main.js',
    });
  });

  it('finds no flags in a plain CMD', () => {
    expect(productionNodeSettings('FROM node:20\nCMD ["node", "dist/gateway/src/main.js"]\n')).toEqual({
      nodeFlags: [],
      nodeOptions: undefined,
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
});
