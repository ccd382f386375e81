import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from './input-error.js';
import { readTextFile } from './read-text-file.js';

/** One entry of `schema/subgraphs.json`: a subgraph, its routing URL and its SDL file. */
export interface SubgraphManifestEntry {
  name: string;
  /** Routing URL written into the composed supergraph. */
  url: string;
  /** SDL file name, relative to the schema directory. */
  schema: string;
}

/** File name of the manifest inside a schema directory. */
export const MANIFEST_FILE = 'subgraphs.json';

const entrySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _'),
  url: z.url({ message: 'must be an http(s) URL' }),
  schema: z.string().regex(/^[\w.-]+\.graphql$/, 'must be a .graphql file name'),
});
const manifestSchema = z
  .array(entrySchema)
  .min(1, 'must list at least one subgraph')
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.name))
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate name "${entry.name}"` });
      seen.add(entry.name);
    });
  });

/** Reads and validates `<schemaDir>/subgraphs.json`; any problem is an InputError naming the entry. */
export async function readSubgraphManifest(schemaDir: string): Promise<SubgraphManifestEntry[]> {
  const path = join(schemaDir, MANIFEST_FILE);
  const text = await readTextFile(path, 'subgraph manifest');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `[${issue.path.join('.')}] ${issue.message}`);
    throw new InputError(`${path} is not a valid subgraph manifest: ${issues.join('; ')}`);
  }
  return result.data;
}
