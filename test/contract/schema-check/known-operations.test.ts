import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnownOperations } from '../../../scripts/schema-check/known-operations.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'known-operations-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
}

describe('loadKnownOperations', () => {
  it('loads every operation of every .graphql file below the directory, in path order', async () => {
    await write('b.graphql', 'query B { b } mutation C { c }');
    await write('nested/a.graphql', '{ a }');
    await write('notes.md', 'not an operation');

    const operations = await loadKnownOperations(dir, dir);

    expect(operations.map(({ file, name }) => `${file} ${name}`)).toEqual([
      'b.graphql B',
      'b.graphql C',
      'nested/a.graphql (anonymous)',
    ]);
  });

  it('gives each operation the fragments it spreads, transitively, from any file', async () => {
    await write(
      'fragments.graphql',
      'fragment Outer on Product { ...Inner } fragment Inner on Product { id }',
    );
    await write('query.graphql', 'query Q { product { ...Outer } }');

    const [operation] = await loadKnownOperations(dir, dir).then((all) =>
      all.filter((op) => op.name === 'Q'),
    );

    expect(print(operation!.document)).toBe(
      'query Q {\n  product {\n    ...Outer\n  }\n}\n\nfragment Outer on Product {\n  ...Inner\n}\n\nfragment Inner on Product {\n  id\n}',
    );
  });

  it('answers no operations for a directory that does not exist', async () => {
    await expect(loadKnownOperations(join(dir, 'missing'), dir)).resolves.toEqual([]);
  });

  it('refuses a file with a syntax error, naming file, line and column', async () => {
    await write('broken.graphql', 'query Q {\n  product {\n}');

    await expect(loadKnownOperations(dir, dir)).rejects.toThrow(
      'broken.graphql:3:1: Syntax Error: Expected Name, found "}".',
    );
  });

  it('refuses a fragment defined in two files', async () => {
    await write('a.graphql', 'fragment F on Product { id }');
    await write('b.graphql', 'fragment F on Product { name }');

    await expect(loadKnownOperations(dir, dir)).rejects.toThrow(
      'Fragment "F" is defined in both a.graphql and b.graphql.',
    );
  });

  it('refuses a spread of a fragment no file defines', async () => {
    await write('q.graphql', 'query Q { product { ...Missing } }');

    await expect(loadKnownOperations(dir, dir)).rejects.toThrow(
      'q.graphql spreads fragment "Missing", which no operation file defines.',
    );
  });
});
