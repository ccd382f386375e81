import { readFile } from 'node:fs/promises';
import { InputError } from './input-error.js';

/** Reads a UTF-8 file; a missing or unreadable file becomes an InputError naming it and why. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new InputError(`Cannot read ${what} ${path}: ${reason}.`);
  }
}
