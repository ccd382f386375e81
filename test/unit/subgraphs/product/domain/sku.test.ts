import { describe, expect, it } from 'vitest';
import { Sku } from '../../../../../subgraphs/product/domain/sku.js';

describe('Sku', () => {
  it.each([
    ['BK-0001-AB', 'BK-0001-AB'],
    ['  bk-0001-ab ', 'BK-0001-AB'],
    ['A1B', 'A1B'],
    ['X'.repeat(32), 'X'.repeat(32)],
  ])('accepts %j as %s', (raw, normalised) => {
    expect(Sku.parse(raw).value).toBe(normalised);
  });

  it.each([
    ['', /must not be blank/],
    ['   ', /must not be blank/],
    ['AB', /3 to 32 characters long \(got 2\)/],
    ['X'.repeat(33), /3 to 32 characters long \(got 33\)/],
    ['BK 0001', /" " at position 3/],
    ['BK_0001', /"_" at position 3/],
    ['-BK-01', /must not start or end with a dash/],
    ['BK-01-', /must not start or end with a dash/],
    ['BK--01', /two dashes in a row/],
  ])('refuses %j, saying what is wrong', (raw, reason) => {
    expect(() => Sku.parse(raw)).toThrow(reason);
  });

  it('refuses a value that is not a string', () => {
    expect(() => Sku.parse(42)).toThrow(/must be a string \(got number\)/);
    expect(() => Sku.parse(null)).toThrow(/got null/);
  });

  it('reports a malformed sku as bad input about the sku field', () => {
    expect(() => Sku.parse('no good')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'sku' }),
    );
  });

  it('compares by normalised value', () => {
    expect(Sku.parse('bk-1').equals(Sku.parse('BK-1'))).toBe(true);
    expect(Sku.parse('BK-1').equals(Sku.parse('BK-2'))).toBe(false);
  });
});
