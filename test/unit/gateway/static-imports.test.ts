import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** `import … from 'x'` and `export … from 'x'`; type-only ones load nothing at run time. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** The packages a module loads at start-up, following its static imports through the repository. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [join(ROOT, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier === undefined || specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        const parts = specifier.split('/');
        packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
        continue;
      }
      const source = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (existsSync(source)) pending.push(source);
    }
  }
  return packages;
}

describe('what a gateway process loads at start-up', () => {
  const packages = packagesLoadedBy('gateway/src/gateway-process.ts');

  it('follows the static imports through the gateway', () => {
    expect(packages).toContain('@apollo/server');
    expect(packages).toContain('undici');
    expect(packages).toContain('graphql');
  });

  it('leaves out Redis and composition, which only some configurations use', () => {
    expect(packages).not.toContain('ioredis');
    expect(packages).not.toContain('@theguild/federation-composition');
  });
});

describe('what the primary of worker processes loads', () => {
  const packages = packagesLoadedBy('gateway/src/main.ts');

  it('leaves the gateway itself to the workers, so that the primary stays small', () => {
    expect(packages).toContain('pino');
    for (const name of [
      '@apollo/server',
      'undici',
      'dataloader',
      'ioredis',
      '@opentelemetry/sdk-trace-node',
    ]) {
      expect(packages).not.toContain(name);
    }
  });
});
