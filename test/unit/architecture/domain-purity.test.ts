import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const forbidden = [
  /^graphql/,
  /^@apollo\//,
  /^undici/,
  /^ioredis/,
  /^node:http/,
  /^node:net/,
  /^pino/,
  /^zod/,
  /^dataloader/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function domainFolders(): string[] {
  const subgraphs = join(root, 'subgraphs');
  return readdirSync(subgraphs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(subgraphs, entry.name, entry.name === 'kernel' ? '' : 'domain'))
    .filter((dir) => {
      try {
        return readdirSync(dir).length > 0;
      } catch {
        return false;
      }
    });
}

function importsOf(source: string): string[] {
  return [
    ...source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => (match[1] ?? match[2]) as string);
}

describe('domain layers and the shared kernel', () => {
  it('import nothing from GraphQL, HTTP, storage or logging libraries', () => {
    const offences: string[] = [];
    for (const folder of domainFolders()) {
      for (const file of sourceFiles(folder)) {
        for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
          if (forbidden.some((pattern) => pattern.test(specifier)))
            offences.push(`${relative(root, file)} imports ${specifier}`);
          if (specifier.startsWith('.') && /\/(adapters|graphql|service|ports)\//.test(`${specifier}/`))
            offences.push(`${relative(root, file)} reaches outward to ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('recognises a forbidden import (guards the guard)', () => {
    const specifiers = importsOf(
      `import { GraphQLError } from 'graphql';\nimport type { Redis } from "ioredis";`,
    );
    expect(specifiers.filter((s) => forbidden.some((pattern) => pattern.test(s)))).toEqual([
      'graphql',
      'ioredis',
    ]);
  });
});
