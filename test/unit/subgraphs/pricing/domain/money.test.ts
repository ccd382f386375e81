import { describe, expect, it } from 'vitest';
import { Currency } from '../../../../../subgraphs/pricing/domain/currency.js';
import { InvalidAmount } from '../../../../../subgraphs/pricing/domain/errors.js';
import { Money } from '../../../../../subgraphs/pricing/domain/money.js';

const EUR = Currency.EUR;

describe('Money', () => {
  it('holds whole minor units, zero included', () => {
    expect(Money.of(0, EUR).amount).toBe(0);
    expect(Money.of(1999, EUR)).toMatchObject({ amount: 1999, currency: EUR });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '100', null, undefined])(
    'refuses %j as an amount, naming the field',
    (amount) => {
      expect(() => Money.of(amount, EUR, 'listAmount')).toThrow(InvalidAmount);
      expect(() => Money.of(amount, EUR, 'listAmount')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'listAmount' }),
      );
    },
  );

  it('says why a negative amount is refused', () => {
    expect(() => Money.of(-5, EUR, 'saleAmount')).toThrow('saleAmount must be >= 0, got -5.');
  });

  it('compares amounts of one currency', () => {
    expect(Money.of(500, EUR).exceeds(Money.of(499, EUR))).toBe(true);
    expect(Money.of(500, EUR).exceeds(Money.of(500, EUR))).toBe(false);
  });

  it('refuses to compare amounts of different currencies', () => {
    expect(() => Money.of(500, EUR).exceeds(Money.of(1, Currency.of('JPY')))).toThrow(TypeError);
  });

  it('is equal only with the same amount and currency', () => {
    expect(Money.of(5, EUR).equals(Money.of(5, EUR))).toBe(true);
    expect(Money.of(5, EUR).equals(Money.of(6, EUR))).toBe(false);
    expect(Money.of(5, EUR).equals(Money.of(5, Currency.of('USD')))).toBe(false);
  });
});
