import { readFile } from 'node:fs/promises';
import { type ParseSupergraphOptions, parseSupergraph } from './parse-supergraph.js';
import { SupergraphError } from './supergraph-error.js';
import type { SupergraphModel } from './supergraph-model.js';

/** Reads and parses a supergraph file; an unreadable or malformed file stops with its path in the error. */
export async function loadSupergraphFile(
  path: string,
  options: Omit<ParseSupergraphOptions, 'source'> = {},
): Promise<{ sdl: string; model: SupergraphModel }> {
  let sdl: string;
  try {
    sdl = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new SupergraphError(path, `cannot be read: ${reason}`);
  }
  return { sdl, model: parseSupergraph(sdl, { ...options, source: path }) };
}
