import { describe, expect, it } from 'vitest';
import { Currency } from '../../../../../subgraphs/pricing/domain/currency.js';
import { InvalidWeight } from '../../../../../subgraphs/pricing/domain/errors.js';
import { estimateShipping } from '../../../../../subgraphs/pricing/domain/shipping-tariff.js';

describe('estimateShipping', () => {
  it.each([
    [1, 490],
    [500, 490],
    [501, 690],
    [2_000, 690],
    [2_001, 1_290],
    [10_000, 1_290],
    [10_001, 1_390],
    [11_000, 1_390],
    [11_001, 1_490],
    [25_000, 2_790],
  ])('charges %i g at %i euro cents', (grams, cents) => {
    expect(estimateShipping(grams)).toMatchObject({ amount: cents, currency: Currency.EUR });
  });

  it('answers in the requested currency at the fixed rate', () => {
    const estimate = estimateShipping(400, Currency.of('JPY'));
    expect(estimate.currency.code).toBe('JPY');
    expect(estimate.amount).toBe(794);
  });

  it('asks for the weight when it is missing', () => {
    expect(() => estimateShipping(undefined)).toThrow('weightGrams is required');
    expect(() => estimateShipping(null)).toThrow(expect.objectContaining({ field: 'weightGrams' }));
  });

  it.each([0, -1, 1.5, Number.NaN, '500'])('refuses %j grams, naming weightGrams', (grams) => {
    expect(() => estimateShipping(grams)).toThrow(InvalidWeight);
    expect(() => estimateShipping(grams)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'weightGrams' }),
    );
  });
});
