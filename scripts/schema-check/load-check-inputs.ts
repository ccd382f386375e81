import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, type GraphQLSchema } from 'graphql';
import { composeSupergraph, type SubgraphSource } from '../../gateway/src/supergraph/compose.js';
import { fetchSubgraphSdl } from './fetch-subgraph-sdl.js';
import { formatCompositionProblem } from './format-composition-problem.js';
import { InputError } from './input-error.js';
import { type KnownOperation, loadKnownOperations } from './known-operations.js';
import type { SchemaCheckOptions } from './parse-args.js';
import { parseGraphQLSource } from './parse-graphql-source.js';
import { readSubgraphSources } from './read-subgraph-sources.js';
import { readTextFile } from './read-text-file.js';

/** File name of the composed supergraph inside a schema directory. */
export const SUPERGRAPH_FILE = 'supergraph.graphql';

/** Everything a check needs, read and parsed; nothing here has been compared yet. */
export interface CheckInputs {
  subgraph: string;
  /** Where the proposed SDL came from, as given on the command line. */
  source: string;
  /** Every subgraph in manifest order, with the proposed SDL in place of the current one. */
  proposed: SubgraphSource[];
  /** The API schema clients see today. */
  currentApiSchema: GraphQLSchema;
  operations: KnownOperation[];
}

/**
 * Reads the schema directory (manifest, current SDLs, supergraph, known operations) and the
 * proposed SDL from a file or a running subgraph. Anything unreadable is an InputError.
 */
export async function loadCheckInputs(
  options: SchemaCheckOptions,
  paths: { cwd: string; schemaDir: string },
): Promise<CheckInputs> {
  const { schemaDir, cwd } = paths;
  const current = await readSubgraphSources(schemaDir);
  const index = current.findIndex((subgraph) => subgraph.name === options.subgraph);
  if (index < 0) {
    const known = current.map((subgraph) => subgraph.name).join(', ');
    throw new InputError(
      `Unknown subgraph "${options.subgraph}"; ${join(schemaDir, 'subgraphs.json')} lists ${known}.`,
    );
  }
  const sdl = await readProposedSdl(options, cwd);
  parseGraphQLSource(sdl, options.schema);
  const proposed = current.map((subgraph, i) => (i === index ? { ...subgraph, sdl } : subgraph));

  return {
    subgraph: options.subgraph,
    source: options.schema,
    proposed,
    currentApiSchema: await currentApiSchema(schemaDir, current),
    operations: await loadKnownOperations(join(schemaDir, 'operations'), cwd),
  };
}

function readProposedSdl(options: SchemaCheckOptions, cwd: string): Promise<string> {
  if (/^https?:\/\//i.test(options.schema))
    return fetchSubgraphSdl(options.schema, { timeoutMs: options.timeoutMs });
  return readTextFile(resolve(cwd, options.schema), 'proposed schema');
}

/**
 * The API schema of the committed supergraph; when there is none yet, of a fresh composition of
 * the current SDLs.
 */
async function currentApiSchema(schemaDir: string, current: SubgraphSource[]): Promise<GraphQLSchema> {
  const path = join(schemaDir, SUPERGRAPH_FILE);
  if (existsSync(path)) {
    const document = parseGraphQLSource(await readTextFile(path, 'supergraph'), path);
    try {
      return buildASTSchema(transformSupergraphToPublicSchema(document));
    } catch (error) {
      throw new InputError(`${path} is not a valid supergraph: ${(error as Error).message}`);
    }
  }
  const composed = composeSupergraph(current);
  if (!composed.ok) {
    const problems = composed.problems.map((problem) => `  ${formatCompositionProblem(problem)}`).join('\n');
    throw new InputError(`The current subgraph SDLs in ${schemaDir} do not compose:\n${problems}`);
  }
  return buildASTSchema(parseGraphQLSource(composed.apiSdl, 'current API schema'));
}
