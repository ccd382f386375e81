import { describe, expect, it } from 'vitest';
import { MAX_UNITS, parseDelta, parseQuantity } from '../../../../../subgraphs/inventory/domain/units.js';

describe('parseQuantity', () => {
  it.each([1, 7, MAX_UNITS])('accepts %d', (quantity) => {
    expect(parseQuantity(quantity)).toBe(quantity);
  });

  it.each([0, -1, 1.5, Number.NaN, MAX_UNITS + 1, '3'])(
    'refuses %j as BAD_USER_INPUT naming quantity',
    (value) => {
      expect(() => parseQuantity(value)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'quantity' }),
      );
    },
  );

  it('says what it got', () => {
    expect(() => parseQuantity(0)).toThrow(`quantity must be a whole number from 1 to ${MAX_UNITS}, got 0.`);
  });
});

describe('parseDelta', () => {
  it.each([1, -1, -MAX_UNITS, MAX_UNITS])('accepts %d', (delta) => {
    expect(parseDelta(delta)).toBe(delta);
  });

  it.each([0, 0.5, -2.5, MAX_UNITS + 1, undefined])('refuses %j as BAD_USER_INPUT naming delta', (value) => {
    expect(() => parseDelta(value)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'delta' }),
    );
  });
});
