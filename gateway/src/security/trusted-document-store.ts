import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { GraphQLError, Lexer, parse, Source, TokenKind } from 'graphql';

/** One operation document known in advance, as stored in `schema/operations/`. */
export interface TrustedDocument {
  text: string;
  /** Where it came from, for logs and errors: a path relative to the loaded folder. */
  origin: string;
  /** sha256 (hex) of the exact text: the hash automatic persisted queries send. */
  exactHash: string;
  /** sha256 (hex) of `normalizeDocument(text)`: survives reformatting and reordered definitions. */
  normalizedHash: string;
}

/** sha256 of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A document's normal form, computed from its tokens without parsing: whitespace, commas and
 * comments dropped, strings JSON-quoted (block strings by their value), one space between tokens,
 * top-level definitions sorted and joined by newlines. Texts with the same normal form parse to
 * the same operations. Throws a GraphQLError when the text does not lex.
 */
export function normalizeDocument(text: string): string {
  const lexer = new Lexer(new Source(text));
  const definitions: string[] = [];
  let current: string[] = [];
  let depth = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    const kind = token.kind;
    if (kind === TokenKind.STRING || kind === TokenKind.BLOCK_STRING)
      current.push(JSON.stringify(token.value));
    else current.push(token.value ?? kind);
    if (kind === TokenKind.BRACE_L || kind === TokenKind.PAREN_L || kind === TokenKind.BRACKET_L) depth += 1;
    if (kind === TokenKind.BRACE_R || kind === TokenKind.PAREN_R || kind === TokenKind.BRACKET_R) depth -= 1;
    if (kind === TokenKind.BRACE_R && depth === 0) {
      definitions.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) definitions.push(current.join(' '));
  return definitions.sort().join('\n');
}

/** Trusted documents, found by either of their hashes or by their text. */
export class TrustedDocumentStore {
  readonly #byHash = new Map<string, TrustedDocument>();
  #count = 0;

  /** How many documents the store holds. */
  get size(): number {
    return this.#count;
  }

  /** Adds a document; throws an error naming `origin` when the text is not a GraphQL document. */
  add(text: string, origin: string): TrustedDocument {
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const at = error.locations?.[0];
      const where = at ? ` (line ${at.line}, column ${at.column})` : '';
      throw new Error(`Trusted document ${origin} is not valid GraphQL${where}: ${error.message}`);
    }
    const document: TrustedDocument = {
      text,
      origin,
      exactHash: sha256Hex(text),
      normalizedHash: sha256Hex(normalizeDocument(text)),
    };
    if (!this.#byHash.has(document.exactHash)) this.#count += 1;
    this.#byHash.set(document.exactHash, document);
    this.#byHash.set(document.normalizedHash, document);
    return document;
  }

  /** The document with this exact or normalized hash (lowercase hex sha256). */
  byHash(hash: string): TrustedDocument | undefined {
    return this.#byHash.get(hash.toLowerCase());
  }

  /**
   * The document this text is, exactly or in normal form. `exactHash` saves hashing the text when
   * the caller already has it (Apollo Server's `queryHash`). Text that does not lex is not trusted.
   */
  byText(text: string, exactHash: string = sha256Hex(text)): TrustedDocument | undefined {
    const exact = this.#byHash.get(exactHash);
    if (exact) return exact;
    try {
      return this.#byHash.get(sha256Hex(normalizeDocument(text)));
    } catch (error) {
      if (error instanceof GraphQLError) return undefined;
      throw error;
    }
  }
}

/**
 * Loads every `*.graphql` file under `directory` (recursively), one trusted document per file.
 * Throws naming the file when one does not parse.
 */
export async function loadTrustedDocuments(directory: string): Promise<TrustedDocumentStore> {
  const store = new TrustedDocumentStore();
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) store.add(await readFile(file, 'utf8'), relative(directory, file));
  return store;
}
