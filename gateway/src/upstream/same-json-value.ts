/** How deep `sameJsonValue` compares before it answers false. */
export const MAX_COMPARED_DEPTH = 32;

/**
 * True when `a` and `b` are the same JSON value: equal strings, numbers, booleans and nulls,
 * arrays with the same elements in order, and plain objects with the same keys (in any order)
 * holding the same values; a key holding undefined counts as absent, as in JSON. Anything else
 * (a Date, a class instance, an object without a prototype, a value nested deeper than
 * `MAX_COMPARED_DEPTH`) is the same only as itself: false answers are always safe, as they only
 * keep two calls apart.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  return same(a, b, 0);
}

function same(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth >= MAX_COMPARED_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) {
      if (!same(a[index], b[index], depth + 1)) return false;
    }
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  let keys = 0;
  for (const key in a) {
    const value = (a as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) return false;
    if (!same(value, (b as Record<string, unknown>)[key], depth + 1)) return false;
    keys += 1;
  }
  for (const key in b) {
    if ((b as Record<string, unknown>)[key] !== undefined) keys -= 1;
  }
  return keys === 0;
}

/**
 * An object made by `{}` or JSON.parse, whose `constructor` is Object's. A class instance, an
 * object without a prototype or one whose own `constructor` holds a JSON value is not.
 */
function isPlainObject(value: object): boolean {
  return (value as { constructor?: unknown }).constructor === Object;
}
