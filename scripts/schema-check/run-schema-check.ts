import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSubgraphSchema } from './check-subgraph-schema.js';
import { formatJsonReport, formatTextReport } from './format-report.js';
import { InputError } from './input-error.js';
import { loadCheckInputs } from './load-check-inputs.js';
import { parseSchemaCheckArgs, USAGE } from './parse-args.js';

/** Where the check writes and what relative paths are relative to. */
export interface SchemaCheckIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Relative `--schema` and `--schema-dir` paths resolve against it. */
  cwd: string;
}

/** Exit codes of `schema:check`. */
export const EXIT = { pass: 0, fail: 1, badInput: 2 } as const;

const DEFAULT_SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/**
 * `npm run schema:check` in-process: parses `argv`, runs the check, prints the report (text, or
 * JSON with `--json`) and resolves to the exit code: 0 pass, 1 fail, 2 bad usage or input.
 */
export async function runSchemaCheck(argv: readonly string[], io: SchemaCheckIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const options = parseSchemaCheckArgs(argv);
    if (options === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.pass;
    }
    json = options.json;
    const schemaDir = options.schemaDir ? resolve(io.cwd, options.schemaDir) : DEFAULT_SCHEMA_DIR;
    const inputs = await loadCheckInputs(options, { cwd: io.cwd, schemaDir });
    const report = checkSubgraphSchema(inputs, { strict: options.strict });
    const exitCode = report.passed ? EXIT.pass : EXIT.fail;
    io.stdout.write(json ? formatJsonReport(report, exitCode) : formatTextReport(report));
    return exitCode;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`schema:check: ${error.message}\n${error.showUsage ? `\n${USAGE}\n` : ''}`);
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ passed: false, exitCode: EXIT.badInput, error: error.message }, null, 2)}\n`,
      );
    }
    return EXIT.badInput;
  }
}
