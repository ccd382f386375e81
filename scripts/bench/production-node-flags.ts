import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** How production starts the gateway: the node flags and environment of the image's last stage. */
export interface ProductionNodeSettings {
  /** Flags between `node` and the script in the final stage's `CMD`. */
  readonly nodeFlags: readonly string[];
  /** The final stage's `ENV` settings (`NODE_OPTIONS`, `MALLOC_ARENA_MAX`, ...). */
  readonly environment: Readonly<Record<string, string>>;
  /** The script the `CMD` runs, e.g. `dist/gateway/src/main.js`. */
  readonly script: string;
}

/**
 * Reads the gateway's production start from a Dockerfile's final stage (its exec-form `CMD`
 * `["node", ...flags, script]` and its `ENV NAME=value` lines). Throws, naming the file, when the
 * final stage has no such CMD.
 */
export function productionNodeSettings(dockerfile: string, source = 'Dockerfile'): ProductionNodeSettings {
  const stages = dockerfile.split(/^FROM\s/im);
  const last = stages[stages.length - 1] ?? '';
  const cmd = /^CMD\s+(\[.*\])\s*$/im.exec(last)?.[1];
  let command: unknown;
  try {
    command = cmd === undefined ? undefined : JSON.parse(cmd);
  } catch {}
  if (
    !Array.isArray(command) ||
    command[0] !== 'node' ||
    command.length < 2 ||
    !command.every((part) => typeof part === 'string')
  ) {
    throw new Error(`${source}: the final stage has no exec-form CMD ["node", ..., "<script>"]`);
  }
  const parts = command as string[];
  return {
    nodeFlags: parts.slice(1, -1),
    environment: environmentOf(last),
    script: parts[parts.length - 1] as string,
  };
}

/** The production start of the gateway in the Dockerfile of this checkout, or of the one at `root`. */
export function readProductionNodeSettings(root = ROOT): ProductionNodeSettings {
  const dockerfile = join(root, 'Dockerfile');
  return productionNodeSettings(readFileSync(dockerfile, 'utf8'), dockerfile);
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** One `NAME=value` of an ENV line: the value double-quoted (spaces allowed) or up to a space. */
const PAIR = new RegExp(`(${NAME})=(?:"([^"]*)"|(\\S*))`, 'g');
/** The older `NAME value` form: a name, then a space (never an `=`), then the rest of the line. */
const SPACED = new RegExp(`^(${NAME})\\s+"?([^"]*?)"?$`);

/**
 * `ENV NAME=value ...` lines (one or more pairs, as Docker reads them) and the older `ENV NAME value`
 * (the rest of the line is the value), quotes around a value removed.
 */
function environmentOf(stage: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [, rest = ''] of stage.matchAll(/^ENV\s+(.*?)\s*$/gim)) {
    const spaced = SPACED.exec(rest);
    if (spaced) {
      environment[spaced[1] as string] = spaced[2] as string;
      continue;
    }
    for (const [, name, quoted, bare] of rest.matchAll(PAIR))
      environment[name as string] = quoted ?? bare ?? '';
  }
  return environment;
}
