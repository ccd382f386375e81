import { join } from 'node:path';
import type { SubgraphSource } from '../../gateway/src/supergraph/compose.js';
import { parseGraphQLSource } from './parse-graphql-source.js';
import { readTextFile } from './read-text-file.js';
import { readSubgraphManifest } from './subgraph-manifest.js';

/**
 * Reads every subgraph SDL listed in `<schemaDir>/subgraphs.json`, in manifest order. A missing
 * file or a syntax error is an InputError naming the file (and line and column).
 */
export async function readSubgraphSources(schemaDir: string): Promise<SubgraphSource[]> {
  const manifest = await readSubgraphManifest(schemaDir);
  return Promise.all(
    manifest.map(async (entry) => {
      const path = join(schemaDir, entry.schema);
      const sdl = await readTextFile(path, `SDL of subgraph "${entry.name}"`);
      parseGraphQLSource(sdl, path);
      return { name: entry.name, url: entry.url, sdl };
    }),
  );
}
