import { parseArgs } from 'node:util';
import { DEFAULT_FETCH_TIMEOUT_MS } from './fetch-subgraph-sdl.js';
import { InputError } from './input-error.js';

/** What `schema:check` was asked to do. */
export interface SchemaCheckOptions {
  subgraph: string;
  /** A file path (relative to the caller's working directory) or an http(s) URL. */
  schema: string;
  json: boolean;
  strict: boolean;
  /** Directory holding `subgraphs.json`, the SDLs, `supergraph.graphql` and `operations/`. */
  schemaDir: string | undefined;
  timeoutMs: number;
}

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: npm run schema:check -- --subgraph <name> --schema <file.graphql | http(s)://subgraph/graphql>

Composes the proposed SDL of one subgraph with the others' current SDLs, lists the changes to the
API schema, and validates the known operations (schema/operations/**/*.graphql) against it.

Options:
  --subgraph <name>    subgraph to replace (as named in schema/subgraphs.json)
  --schema <source>    proposed SDL: a file, or the URL of a running subgraph (asked for _service { sdl })
  --strict             fail on any breaking change, even one no known operation uses
  --json               print the report as JSON
  --schema-dir <dir>   where subgraphs.json, the SDLs and operations/ live (default: schema/)
  --timeout <ms>       how long to wait for a subgraph URL to answer (default: ${DEFAULT_FETCH_TIMEOUT_MS})
  --help               print this text

Exit code: 0 pass, 1 composition failed or a known operation breaks, 2 bad usage or unreadable input.`;

/**
 * Parses the command line into options, or `'help'` for `--help`; anything missing, unknown or
 * malformed is a usage InputError.
 */
export function parseSchemaCheckArgs(argv: readonly string[]): SchemaCheckOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new InputError((error as Error).message, true);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new InputError(`Unexpected argument: ${positionals[0]}`, true);
  if (!values.subgraph) throw new InputError('Missing --subgraph <name>.', true);
  if (!values.schema) throw new InputError('Missing --schema <file.graphql | URL>.', true);
  const timeoutMs = values.timeout === undefined ? DEFAULT_FETCH_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new InputError(
      `--timeout must be a positive whole number of milliseconds, got "${values.timeout}".`,
      true,
    );
  }
  return {
    subgraph: values.subgraph,
    schema: values.schema,
    json: values.json ?? false,
    strict: values.strict ?? false,
    schemaDir: values['schema-dir'],
    timeoutMs,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      subgraph: { type: 'string' },
      schema: { type: 'string' },
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
      'schema-dir': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
