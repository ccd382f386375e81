import { join } from 'node:path';

const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * A path inside the repository, wherever the process was started: where file settings point by
 * default (a path given in the environment is read from the working directory instead).
 */
export function repositoryPath(...segments: string[]): string {
  return join(REPOSITORY_ROOT, ...segments);
}
