import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** Which top-level areas of the source tree an area may import from (relative imports only). */
interface Rule {
  /** Describes the rule in a failure message. */
  readonly name: string;
  /** True for the files the rule applies to (paths relative to the repository root). */
  readonly appliesTo: (file: string) => boolean;
  /** True when a file under the rule may import `target` (relative to the repository root). */
  readonly allows: (target: string, file: string) => boolean;
}

const isDomain = (file: string) => /^subgraphs\/[^/]+\/domain\//.test(file);
const isKernel = (file: string) => file.startsWith('subgraphs/kernel/');
const subgraphOf = (file: string) => /^subgraphs\/([^/]+)\//.exec(file)?.[1];

const rules: readonly Rule[] = [
  {
    name: 'gateway/ never imports subgraphs/',
    appliesTo: (file) => file.startsWith('gateway/'),
    allows: (target) => !target.startsWith('subgraphs/'),
  },
  {
    name: 'subgraphs/ never import gateway/',
    appliesTo: (file) => file.startsWith('subgraphs/'),
    allows: (target) => !target.startsWith('gateway/'),
  },
  {
    name: 'the request module never imports the HTTP edge',
    appliesTo: (file) => file.startsWith('gateway/src/request/'),
    allows: (target) => !target.startsWith('gateway/src/http/'),
  },
  {
    name: 'platform/ imports neither gateway/ nor subgraphs/',
    appliesTo: (file) => file.startsWith('platform/'),
    allows: (target) => target.startsWith('platform/'),
  },
  {
    name: 'the kernel imports only the kernel',
    appliesTo: isKernel,
    allows: isKernel,
  },
  {
    name: 'a domain imports only its own domain and the kernel',
    appliesTo: isDomain,
    allows: (target, file) =>
      isKernel(target) || (isDomain(target) && subgraphOf(target) === subgraphOf(file)),
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function relativeImportsOf(source: string): string[] {
  return [
    ...source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
    .map((match) => (match[1] ?? match[2]) as string)
    .filter((specifier) => specifier.startsWith('.'));
}

/** Every import that breaks a rule, as `file imports target (rule)`. */
function violations(files: readonly { path: string; source: string }[]): string[] {
  const found: string[] = [];
  for (const { path, source } of files) {
    const applicable = rules.filter((rule) => rule.appliesTo(path));
    if (applicable.length === 0) continue;
    for (const specifier of relativeImportsOf(source)) {
      const target = relative(root, resolve(root, dirname(path), specifier))
        .split(sep)
        .join('/');
      for (const rule of applicable) {
        if (!rule.allows(target, path)) found.push(`${path} imports ${target} (${rule.name})`);
      }
    }
  }
  return found;
}

describe('dependency rule', () => {
  it('holds for every source file under platform/, gateway/ and subgraphs/', () => {
    const files = ['platform', 'gateway', 'subgraphs'].flatMap((area) =>
      sourceFiles(join(root, area)).map((file) => ({
        path: relative(root, file).split(sep).join('/'),
        source: readFileSync(file, 'utf8'),
      })),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('reports each kind of offence (guards the guard)', () => {
    const offences = violations([
      { path: 'gateway/src/app.ts', source: "import { x } from '../../subgraphs/shared/seed.js';" },
      { path: 'subgraphs/product/app.ts', source: "import { y } from '../../gateway/src/app.js';" },
      { path: 'platform/logger.ts', source: "import type { Z } from '../subgraphs/kernel/product-id.js';" },
      { path: 'subgraphs/kernel/product-id.ts', source: "import { w } from '../shared/seed.js';" },
      {
        path: 'subgraphs/pricing/domain/price.ts',
        source: [
          "import { a } from '../../kernel/product-id.js';",
          "import { b } from './money.js';",
          "import { c } from '../ports/clock.js';",
          "import { d } from '../../product/domain/product.js';",
          "export { e } from '../../../platform/logger.js';",
        ].join('\n'),
      },
    ]);
    expect(offences).toEqual([
      'gateway/src/app.ts imports subgraphs/shared/seed.js (gateway/ never imports subgraphs/)',
      'subgraphs/product/app.ts imports gateway/src/app.js (subgraphs/ never import gateway/)',
      'platform/logger.ts imports subgraphs/kernel/product-id.js (platform/ imports neither gateway/ nor subgraphs/)',
      'subgraphs/kernel/product-id.ts imports subgraphs/shared/seed.js (the kernel imports only the kernel)',
      'subgraphs/pricing/domain/price.ts imports subgraphs/pricing/ports/clock.js (a domain imports only its own domain and the kernel)',
      'subgraphs/pricing/domain/price.ts imports subgraphs/product/domain/product.js (a domain imports only its own domain and the kernel)',
      'subgraphs/pricing/domain/price.ts imports platform/logger.js (a domain imports only its own domain and the kernel)',
    ]);
  });

  it('reports the request module reaching into the HTTP edge', () => {
    const offences = violations([
      {
        path: 'gateway/src/request/request-executor.ts',
        source: "import { a } from '../http/cors.js';\nimport { b } from '../planner/query-planner.js';",
      },
    ]);
    expect(offences).toEqual([
      'gateway/src/request/request-executor.ts imports gateway/src/http/cors.js (the request module never imports the HTTP edge)',
    ]);
  });
});
