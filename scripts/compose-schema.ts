import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSchemaDirectory } from './schema-check/compose-schema-directory.js';
import { formatCompositionProblem } from './schema-check/format-composition-problem.js';
import { InputError } from './schema-check/input-error.js';
import { SUPERGRAPH_FILE } from './schema-check/load-check-inputs.js';

// npm run schema:compose: schema/<name>.graphql (per schema/subgraphs.json) -> schema/supergraph.graphql.
const schemaDir = fileURLToPath(new URL('../schema/', import.meta.url));
const target = join(schemaDir, SUPERGRAPH_FILE);

try {
  const outcome = await composeSchemaDirectory(schemaDir);
  if (outcome.ok) {
    await writeFile(target, outcome.supergraphSdl);
    process.stdout.write(`Wrote ${relative(process.cwd(), target)}\n`);
  } else {
    process.stderr.write(`schema:compose: composition failed with ${outcome.problems.length} error(s):\n`);
    for (const problem of outcome.problems) process.stderr.write(`  ${formatCompositionProblem(problem)}\n`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`schema:compose: ${error.message}\n`);
  process.exitCode = 2;
}
