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
  it('walks a path once for the fetches that start from it, and again once a merge adds a list', () => {
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

  it('keeps what it found through merges of leaves, and walks again after one that adds an object or a type', () => {
    const data = mergedData();
    const reviews = ['top', '@', '|[Product]', 'reviews', '@'];
    const found = objectsAt(data, reviews);
    const [first] = found as Record<string, unknown>[];
    // Leaves only (a later wave's prices, names): the same objects are there.
    data.merge(first as Record<string, unknown>, { stars: 5, text: 'Fine' });
    data.merge(objectsAt(data, ['top', '@'])[2] as Record<string, unknown>, { name: 'Chair' });
    expect(objectsAt(data, reviews)).toBe(found);
    // New fields, the first a list and the last a leaf: the list is reached from now on.
    const [, book] = objectsAt(data, ['top', '@']) as Record<string, unknown>[];
    expect(book).toMatchObject({ __typename: 'Book' });
    expect(objectsAt(data, ['top', '@', 'reviews', '@'])).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    data.merge(book as Record<string, unknown>, { reviews: [{ id: 'r9' }], rating: 4 });
    expect(objectsAt(data, ['top', '@', 'reviews', '@'])).toEqual([{ id: 'r1' }, { id: 'r2' }, { id: 'r9' }]);
    // A type given later: a type filter lets the object through from now on.
    expect(objectsAt(data, reviews)).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    const untyped = { id: 'u' };
    data.merge(first as Record<string, unknown>, { author: untyped });
    const authors = ['top', '@', '|[Product]', 'reviews', '@', 'author', '|[User]'];
    expect(objectsAt(data, authors)).toEqual([]);
    data.merge(untyped, { __typename: 'User' });
    expect(objectsAt(data, authors)).toEqual([{ id: 'u' }]);
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

  it('finds, in order, the objects objectPathsAt gives paths to, as merges of leaves, objects, lists and types come between', () => {
    // mergeEntityResults reports an entity's errors at the objectPathsAt path of the same index
    // as the object objectsAt found: the two walks must agree, with what was found kept or not.
    // A small linear congruential generator: the same cases every run.
    let seed = 11;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // The high bits: a power-of-two modulus leaves the low ones short cycles.
      return Math.floor(seed / 2 ** 16) % below;
    };
    const typename = () => (random(2) === 0 ? 'A' : 'B');
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? random(3) : random(7);
      if (kind === 0) return null;
      if (kind === 1) return random(2) === 0 ? 'leaf' : random(100);
      if (kind === 2 || kind === 3) {
        // Each field there or not: later fetches add missing ones.
        const object: Record<string, unknown> = {};
        if (random(4) > 0) object.__typename = typename();
        if (random(3) > 0) object.a = value(depth + 1);
        if (random(3) > 0) object.b = value(depth + 1);
        return object;
      }
      return Array.from({ length: random(4) }, () => value(depth + 1));
    };
    // What a later fetch brings: leaves only, a type, or objects and lists.
    const addition = (): Record<string, unknown> => {
      const key = random(2) === 0 ? 'a' : 'b';
      const kind = random(6);
      if (kind === 0) return { c: random(100) };
      if (kind === 1) return { __typename: typename() };
      if (kind === 2) return { [key]: value(2) };
      // A leaf or null where there may be an object or a list.
      if (kind === 3) return { [key]: random(2) === 0 ? null : 'leaf' };
      return kind === 4 ? { d: 'x', [key]: value(3) } : { [key]: value(3), d: 'x' };
    };
    const segments = ['a', 'b', '@', '|[A]', '|[A,B]'];
    const randomPath = () =>
      Array.from({ length: 1 + random(5) }, () => segments[random(segments.length)] as string);
    let merges = 0;
    for (let round = 0; round < 400; round += 1) {
      const data = new MergedData(() => false);
      data.merge(data.root, { a: value(0), b: value(0) });
      // Paths this data's shape often reaches something at, and random ones.
      const paths = [
        ['a'],
        ['a', '@'],
        ['a', '@', 'a'],
        ['b', '@', 'a', '@'],
        ['a', '@', '|[A]', 'b'],
        ['b', '|[B]', 'a', '@', 'b'],
        ...Array.from({ length: 3 }, randomPath),
      ];
      for (let step = 0; step < 60; step += 1) {
        const path = paths[random(paths.length)] as string[];
        if (random(3) === 0) {
          const targets = objectsAt(data, path);
          const target = targets[random(targets.length)];
          if (target) {
            data.merge(target, addition());
            merges += 1;
          }
          continue;
        }
        // A fresh walk (objectPathsAt keeps nothing), resolved to the objects at its paths.
        const fresh = objectPathsAt(data, path).map((concrete) =>
          concrete.reduce<unknown>(
            (at, segment) =>
              typeof segment === 'number'
                ? (at as unknown[])[segment]
                : data.get(at as Record<string, unknown>, segment),
            data.root,
          ),
        );
        const found = objectsAt(data, path);
        expect(found.length, path.join('.')).toBe(fresh.length);
        for (const [index, object] of found.entries()) expect(object, path.join('.')).toBe(fresh[index]);
      }
    }
    expect(merges).toBeGreaterThan(1_000);
  });
});
