import { generatedFunction } from '../../../platform/generated-function.js';
import type { DataObject } from './merge-data.js';

/** `readField` for one fixed key: the object's value under it, what fetches added to it first. */
export type FieldRead = (object: DataObject, added: DataObject | undefined) => unknown;

/**
 * How many times a plan site is used with generic reads before its reads are generated: a plan
 * that is used once does not pay for code (some tens of microseconds a key), one in use soon does.
 */
export const GENERATE_AFTER_USES = 20;

/** Per site: its uses so far, its generated reads, or null where code cannot be generated. */
const generated = new WeakMap<object, number | readonly (FieldRead | undefined)[] | null>();

/**
 * The reads of a plan site's keys (undefined for a position without a key), generated once the
 * site has been used `GENERATE_AFTER_USES` times; undefined before, and where code generation
 * from strings is disallowed: the caller reads with `readField` then. `site` is plan data that
 * lives as long as its plan (a Flatten path, a fetch's requires, a representation's type
 * condition), so the reads are dropped with it.
 *
 * Why: a read with a computed key (`object[key]`) at one site of the executor sees objects of
 * every type of every response, so V8 treats it as megamorphic and looks each access up in a
 * cache it shares with all such sites. A generated read has a site of its own per key
 * (`object["upc"]`), which sees only the few shapes of that key's objects. Nothing of the client's
 * operation becomes code: keys are written as JSON string literals, and the read keeps
 * `readField`'s checks, so it answers exactly as `readField` does for every key, `__proto__` too.
 */
export function generatedReads(
  site: object,
  keys: () => readonly (string | undefined)[],
  generateAfter = GENERATE_AFTER_USES,
): readonly (FieldRead | undefined)[] | undefined {
  const known = generated.get(site);
  if (typeof known === 'object') return known ?? undefined;
  const uses = known ?? 0;
  if (uses < generateAfter) {
    generated.set(site, uses + 1);
    return undefined;
  }
  const reads = generateReads(keys());
  generated.set(site, reads);
  return reads ?? undefined;
}

function generateReads(keys: readonly (string | undefined)[]): (FieldRead | undefined)[] | null {
  const reads: (FieldRead | undefined)[] = [];
  for (const key of keys) {
    if (key === undefined) {
      reads.push(undefined);
      continue;
    }
    const read = generateRead(key);
    // Code generation from strings is disallowed: `readField` serves.
    if (!read) return null;
    reads.push(read);
  }
  return reads;
}

function generateRead(key: string): FieldRead | undefined {
  const literal = JSON.stringify(key);
  // `readField`, with the key written in: see there for why a load is checked this way.
  return generatedFunction<FieldRead>(
    ['object', 'added'],
    [
      'if (added !== undefined) {',
      `  const value = added[${literal}];`,
      "  if (value !== undefined && typeof value !== 'function' && value !== Object.prototype) return value;",
      '}',
      `const value = object[${literal}];`,
      "return typeof value !== 'function' && value !== Object.prototype ? value : undefined;",
    ].join('\n'),
  );
}
