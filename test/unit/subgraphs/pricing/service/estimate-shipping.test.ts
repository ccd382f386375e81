import { describe, expect, it } from 'vitest';
import { Currency } from '../../../../../subgraphs/pricing/domain/currency.js';
import { aPricingApp } from '../../../../helpers/pricing-builders.js';

const { estimateShipping } = aPricingApp().useCases;

describe('EstimateShipping', () => {
  it('estimates in euros when no currency is given', () => {
    const estimate = estimateShipping.execute({ weightGrams: 1_200 });
    expect(estimate.amount).toBe(690);
    expect(estimate.currency.code).toBe('EUR');
  });

  it('estimates in the currency of the product’s price', () => {
    const estimate = estimateShipping.execute({ weightGrams: 1_200, currency: Currency.of('USD') });
    expect(estimate.amount).toBe(745); // 6.90 EUR * 1.08
    expect(estimate.currency.code).toBe('USD');
  });

  it('refuses a missing weight, naming weightGrams', () => {
    expect(() => estimateShipping.execute({ weightGrams: undefined })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'weightGrams' }),
    );
  });
});
