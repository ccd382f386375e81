import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { InputError } from './input-error.js';
import { parseGraphQLSource } from './parse-graphql-source.js';
import { readTextFile } from './read-text-file.js';

/** One known client operation, ready to validate: the operation plus every fragment it spreads. */
export interface KnownOperation {
  /** File path relative to the caller's base directory (absolute when outside it), `/`-separated. */
  file: string;
  /** The operation's name, or `(anonymous)`. */
  name: string;
  document: DocumentNode;
}

/**
 * Loads every `*.graphql` file under `dir` (recursively, sorted) as known client operations.
 * Fragments may live in any of the files. A file that does not parse, a fragment defined twice, or
 * a spread of a fragment defined nowhere is an InputError naming the file. A missing directory
 * means no known operations.
 */
export async function loadKnownOperations(dir: string, base: string): Promise<KnownOperation[]> {
  const files = await graphqlFilesUnder(dir);
  const operations: { file: string; node: OperationDefinitionNode }[] = [];
  const fragments = new Map<string, { file: string; node: FragmentDefinitionNode }>();

  for (const path of files) {
    const file = displayPath(path, base);
    const document = parseGraphQLSource(await readTextFile(path, 'operation file'), file);
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ file, node: definition });
      else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const name = definition.name.value;
        const earlier = fragments.get(name);
        if (earlier)
          throw new InputError(`Fragment "${name}" is defined in both ${earlier.file} and ${file}.`);
        fragments.set(name, { file, node: definition });
      } else {
        throw new InputError(
          `${file} holds a ${definition.kind}; operation files hold operations and fragments.`,
        );
      }
    }
  }

  return operations.map(({ file, node }) => ({
    file,
    name: node.name?.value ?? '(anonymous)',
    document: {
      kind: Kind.DOCUMENT,
      definitions: [node, ...fragmentsSpreadBy(node, fragments, file)],
    },
  }));
}

function fragmentsSpreadBy(
  root: DefinitionNode,
  fragments: ReadonlyMap<string, { file: string; node: FragmentDefinitionNode }>,
  file: string,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment)
          throw new InputError(`${file} spreads fragment "${name}", which no operation file defines.`);
        found.set(name, fragment.node);
        pending.push(fragment.node);
      },
    });
  }
  return [...found.values()];
}

function displayPath(path: string, base: string): string {
  const fromBase = relative(base, path);
  return (fromBase.startsWith('..') || isAbsolute(fromBase) ? path : fromBase).split(sep).join('/');
}

async function graphqlFilesUnder(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`Cannot read operations directory ${dir}: ${(error as Error).message}`);
  }
  const sorted = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nested = await Promise.all(
    sorted.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return graphqlFilesUnder(path);
      return entry.isFile() && entry.name.endsWith('.graphql') ? [path] : [];
    }),
  );
  return nested.flat();
}
