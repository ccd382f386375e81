import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOCKERFILE = join(import.meta.dirname, '../../Dockerfile');

/** How production starts the gateway: the node flags and NODE_OPTIONS of the image's last stage. */
export interface ProductionNodeSettings {
  /** Flags between `node` and the script in the final stage's `CMD`. */
  readonly nodeFlags: readonly string[];
  /** `ENV NODE_OPTIONS=...` of the final stage, when set. */
  readonly nodeOptions: string | undefined;
  /** The script the `CMD` runs, e.g. `dist/gateway/src/main.js`. */
  readonly script: string;
}

/**
 * Reads the gateway's production start from a Dockerfile's final stage (its exec-form `CMD`
 * `["node", ...flags, script]` and `ENV NODE_OPTIONS`). Throws, naming the file, when the final
 * stage has no such CMD.
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
  const nodeOptions = /^ENV\s+NODE_OPTIONS[= ]\s*"?([^"\n]*)"?\s*$/im.exec(last)?.[1];
  return {
    nodeFlags: parts.slice(1, -1),
    nodeOptions: nodeOptions?.trim() || undefined,
    script: parts[parts.length - 1] as string,
  };
}

/** The repository Dockerfile's production start of the gateway. */
export function readProductionNodeSettings(): ProductionNodeSettings {
  return productionNodeSettings(readFileSync(DOCKERFILE, 'utf8'), DOCKERFILE);
}
