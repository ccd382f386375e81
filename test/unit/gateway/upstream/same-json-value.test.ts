import { describe, expect, it } from 'vitest';
import { MAX_COMPARED_DEPTH, sameJsonValue } from '../../../../gateway/src/upstream/same-json-value.js';

/** `levels` arrays nested in one another around `leaf`. */
function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

describe('sameJsonValue', () => {
  it('is true for equal JSON values built apart, whatever the order of their keys', () => {
    const pairs: [unknown, unknown][] = [
      ['a', 'a'],
      [1.5, 1.5],
      [null, null],
      [true, true],
      [[], []],
      [{}, {}],
      [
        { a: 1, b: [1, { c: 'x' }] },
        { b: [1, { c: 'x' }], a: 1 },
      ],
      [JSON.parse('{"r":[{"__typename":"U","id":"1"}]}'), { r: [{ __typename: 'U', id: '1' }] }],
      // JSON leaves out a key holding undefined, and writes -0 as 0.
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1 }, { c: undefined, a: 1 }],
      [-0, 0],
    ];
    for (const [a, b] of pairs) {
      expect(sameJsonValue(a, b), JSON.stringify([a, b])).toBe(true);
      expect(sameJsonValue(b, a), JSON.stringify([b, a])).toBe(true);
      expect(JSON.stringify(sortedKeys(a))).toBe(JSON.stringify(sortedKeys(b)));
    }
  });

  it('is false for different values, and for what JSON would not write as it is', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const bare = Object.assign(Object.create(null), { a: 1 });
    const pairs: [unknown, unknown][] = [
      ['1', 1],
      [0, false],
      [null, undefined],
      [null, {}],
      [[], {}],
      [{ 0: 'a' }, ['a']],
      [
        [1, 2],
        [2, 1],
      ],
      [[1], [1, 1]],
      [{ a: 1 }, { a: 1, b: 2 }],
      [
        { a: 1, b: 2 },
        { a: 1, c: 2 },
      ],
      [{ a: { b: [1] } }, { a: { b: [2] } }],
      [{ a: null }, {}],
      [new Date(0), new Date(0)],
      [new Point(1), new Point(1)],
      [new Point(1), { x: 1 }],
      [bare, { a: 1 }],
      [bare, Object.assign(Object.create(null), { a: 1 })],
      [{ constructor: 'x' }, { constructor: 'x' }],
      [Number.NaN, Number.NaN],
    ];
    pairs.forEach(([a, b], index) => {
      expect(sameJsonValue(a, b), `pair ${index}`).toBe(false);
      expect(sameJsonValue(b, a), `pair ${index}, swapped`).toBe(false);
    });
  });

  it('is true for a value and itself, whatever it is', () => {
    const date = new Date(0);
    const deep = nested(MAX_COMPARED_DEPTH + 5, 'x');
    for (const value of [date, deep, Object.create(null), { a: [1] }])
      expect(sameJsonValue(value, value)).toBe(true);
  });

  it(`compares ${MAX_COMPARED_DEPTH} levels deep, and answers false past that`, () => {
    expect(sameJsonValue(nested(MAX_COMPARED_DEPTH, 'x'), nested(MAX_COMPARED_DEPTH, 'x'))).toBe(true);
    expect(sameJsonValue(nested(MAX_COMPARED_DEPTH, 'x'), nested(MAX_COMPARED_DEPTH, 'y'))).toBe(false);
    expect(sameJsonValue(nested(MAX_COMPARED_DEPTH + 1, 'x'), nested(MAX_COMPARED_DEPTH + 1, 'x'))).toBe(
      false,
    );
    // Deep enough to overflow the stack, had it no limit.
    expect(sameJsonValue(nested(100_000, 'x'), nested(100_000, 'x'))).toBe(false);
  });
});

/** The value with every object's keys sorted: equal JSON values serialise alike then. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}
