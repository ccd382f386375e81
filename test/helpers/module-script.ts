import { execFileSync } from 'node:child_process';

/**
 * Runs `script`, ES module source that may import the project's TypeScript (through tsx), in a
 * Node.js process of its own started with `flags`; returns what it wrote to standard output.
 */
export function runModuleScript(script: string, flags: readonly string[] = []): string {
  return execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}
