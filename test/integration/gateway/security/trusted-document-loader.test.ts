import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustedDocuments, sha256Hex } from '../../../../gateway/src/security/trusted-document-store.js';

describe('loadTrustedDocuments', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'trusted-documents-'));
    await mkdir(join(directory, 'storefront'));
    await writeFile(
      join(directory, 'product.graphql'),
      'query Product($id: ID!) { product(id: $id) { id } }\n',
    );
    await writeFile(join(directory, 'storefront', 'tags.graphql'), 'query Tags { tags }\n');
    await writeFile(join(directory, 'notes.md'), 'not an operation');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads every .graphql file below the folder, one document each', async () => {
    const store = await loadTrustedDocuments(directory);
    expect(store.size).toBe(2);
    expect(store.byHash(sha256Hex('query Tags { tags }\n'))?.origin).toBe(join('storefront', 'tags.graphql'));
    expect(store.byText('query Tags {\n  tags\n}')?.origin).toBe(join('storefront', 'tags.graphql'));
  });

  it('names the file that is not GraphQL', async () => {
    await writeFile(join(directory, 'storefront', 'broken.graphql'), 'query Broken {');
    await expect(loadTrustedDocuments(directory)).rejects.toThrow(
      /storefront\/broken\.graphql is not valid GraphQL/,
    );
    await rm(join(directory, 'storefront', 'broken.graphql'));
  });

  it('fails clearly when the folder does not exist', async () => {
    await expect(loadTrustedDocuments(join(directory, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
