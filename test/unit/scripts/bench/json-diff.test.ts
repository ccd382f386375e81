import { describe, expect, it } from 'vitest';
import { diffJson } from '../../../../scripts/bench/json-diff.js';

describe('diffJson', () => {
  it('finds nothing between deep-equal values, whatever their key order', () => {
    expect(diffJson({ a: [1, { b: null, c: 'x' }] }, { a: [1, { c: 'x', b: null }] })).toEqual([]);
  });

  it('names the path of each difference', () => {
    expect(
      diffJson(
        { users: [{ id: '1', name: 'Uri' }], top: [1, 2] },
        { users: [{ id: '1', name: 'Ury', extra: true }], top: [1] },
      ),
    ).toEqual([
      '$.users[0].name: expected "Uri", got "Ury"',
      '$.users[0].extra: unexpected true',
      '$.top: expected a list of 2, got 1',
    ]);
  });

  it('reports a missing field and a null in place of an object', () => {
    expect(diffJson({ a: { b: 1 }, c: 2 }, { a: null })).toEqual([
      '$.a: expected {"b":1}, got null',
      '$.c: missing',
    ]);
  });

  it('stops at the limit', () => {
    const expected = Array.from({ length: 50 }, (_, index) => index);
    expect(
      diffJson(
        expected,
        expected.map((value) => value + 1),
        3,
      ),
    ).toHaveLength(3);
  });

  it('shortens long values', () => {
    const [line] = diffJson('a'.repeat(200), 'b');
    expect(line?.length).toBeLessThan(120);
  });
});
