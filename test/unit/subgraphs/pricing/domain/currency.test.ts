import { describe, expect, it } from 'vitest';
import { Currency } from '../../../../../subgraphs/pricing/domain/currency.js';
import { UnknownCurrency } from '../../../../../subgraphs/pricing/domain/errors.js';

describe('Currency', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['SEK', 2],
    ['JPY', 0],
  ])('knows %s with %i minor-unit digits', (code, digits) => {
    const currency = Currency.of(code);
    expect(currency.code).toBe(code);
    expect(currency.minorUnitDigits).toBe(digits);
    expect(currency.minorUnitsPerMajor).toBe(10 ** digits);
  });

  it.each(['XYZ', 'eur', ' EUR', '', 'toString', 42, null])('refuses %j as an unknown currency', (code) => {
    expect(() => Currency.of(code)).toThrow(UnknownCurrency);
    expect(() => Currency.of(code)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'currency' }),
    );
  });

  it('lists the currencies it accepts when it refuses one', () => {
    expect(() => Currency.of('XYZ')).toThrow('expected one of EUR, USD, GBP, CHF, SEK, JPY');
  });

  it('compares by code', () => {
    expect(Currency.of('USD').equals(Currency.of('USD'))).toBe(true);
    expect(Currency.of('USD').equals(Currency.EUR)).toBe(false);
  });
});
