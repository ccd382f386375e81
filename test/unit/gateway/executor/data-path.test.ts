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
});
