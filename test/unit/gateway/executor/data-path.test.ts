import { describe, expect, it } from 'vitest';
import { objectPathsAt, objectsAt } from '../../../../gateway/src/executor/data-path.js';
import { GENERATE_AFTER_USES } from '../../../../gateway/src/executor/field-reads.js';
import { MergedData } from '../../../../gateway/src/executor/merge-data.js';

/** Data of two fetches: the second adds `reviews` to products the first fetched (kept beside them). */
function mergedData(): MergedData {
  const data = new MergedData(() => false);
  data.merge(
    data.root,
    JSON.parse(`{
      "top": [
        { "__typename": "Product", "upc": "1" },
        null,
        { "__typename": "Book", "upc": "2" },
        { "__typename": "Product", "upc": "3" }
      ],
      "__proto__": { "__typename": "Product", "upc": "4" }
    }`),
  );
  const [first, , , third] = data.get(data.root, 'top') as Record<string, unknown>[];
  data.merge(first as Record<string, unknown>, { reviews: [{ id: 'r1' }, { id: 'r2' }] });
  data.merge(third as Record<string, unknown>, { reviews: [] });
  return data;
}

describe('objectsAt', () => {
  it('walks a path once for the fetches that start from it, and again once anything is merged', () => {
    const data = mergedData();
    const reviews = ['top', '@', '|[Product]', 'reviews', '@'];
    const found = objectsAt(data, reviews);
    // Another fetch of the same wave: the same path, another array of the plan's.
    expect(objectsAt(data, [...reviews])).toBe(found);
    const [, third] = objectsAt(data, ['top', '@', '|[Product]']) as Record<string, unknown>[];
    data.merge(third as Record<string, unknown>, { reviews: [{ id: 'r3' }] });
    expect(objectsAt(data, reviews)).toEqual([{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }]);
    expect(found).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    data.clear();
    expect(objectsAt(data, reviews)).toEqual([]);
  });

  it('finds the objects at a path, through lists, type filters and what later fetches added', () => {
    // The same path arrays every time, as a plan's are: their reads are generated after some uses.
    const reviews = ['top', '@', '|[Product]', 'reviews', '@'];
    const books = ['top', '@', '|[Book]'];
    const prototypeNamed = ['__proto__'];
    for (let use = 0; use <= GENERATE_AFTER_USES + 1; use += 1) {
      const data = mergedData();
      expect(objectsAt(data, reviews)).toEqual([{ id: 'r1' }, { id: 'r2' }]);
      expect(objectPathsAt(data, reviews)).toEqual([
        ['top', 0, 'reviews', 0],
        ['top', 0, 'reviews', 1],
      ]);
      expect(objectsAt(data, books)).toEqual([{ __typename: 'Book', upc: '2' }]);
      expect(objectsAt(data, prototypeNamed)).toEqual([{ __typename: 'Product', upc: '4' }]);
      expect(objectsAt(data, ['valueOf'])).toEqual([]);
    }
  });

  it('finds the objects whose paths objectPathsAt gives, in the same order, on random data and paths', () => {
    // A small linear congruential generator: the same cases every run.
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // The high bits: a power-of-two modulus leaves the low ones short cycles.
      return Math.floor(seed / 2 ** 16) % below;
    };
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? random(3) : random(7);
      if (kind === 0) return null;
      if (kind === 1) return random(2) === 0 ? 'leaf' : random(100);
      if (kind === 2 || kind === 3)
        return { __typename: random(2) === 0 ? 'A' : 'B', a: value(depth + 1), b: value(depth + 1) };
      return Array.from({ length: random(4) }, () => value(depth + 1));
    };
    const segments = ['a', 'b', '@', '|[A]', '|[A,B]'];
    for (let round = 0; round < 200; round += 1) {
      const data = new MergedData(() => false);
      data.merge(data.root, { a: value(0), b: value(0) });
      // Some objects get a field from a later fetch, kept beside them.
      for (const object of objectsAt(data, ['a', '@'])) {
        if (random(2) === 0) data.merge(object, { b: value(2) });
      }
      const path = Array.from({ length: 1 + random(5) }, () => segments[random(segments.length)] as string);
      const found = objectsAt(data, path);
      const atPaths = objectPathsAt(data, path).map((concrete) =>
        concrete.reduce<unknown>(
          (at, step) =>
            typeof step === 'number'
              ? (at as unknown[])[step]
              : data.get(at as Record<string, unknown>, step),
          data.root,
        ),
      );
      expect(found.length, path.join('.')).toBe(atPaths.length);
      for (const [index, object] of found.entries()) expect(object, path.join('.')).toBe(atPaths[index]);
    }
  });
});
