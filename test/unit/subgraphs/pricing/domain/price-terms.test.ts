import { describe, expect, it } from 'vitest';
import {
  InvalidAmount,
  InvalidValidity,
  SaleAboveList,
  UnknownCurrency,
} from '../../../../../subgraphs/pricing/domain/errors.js';
import { PriceTerms } from '../../../../../subgraphs/pricing/domain/price-terms.js';
import { aPriceInput, TEST_NOW } from '../../../../helpers/pricing-builders.js';

const now = new Date(TEST_NOW);
const terms = (overrides: Parameters<typeof aPriceInput>[0]) => PriceTerms.of(aPriceInput(overrides), now);

describe('PriceTerms', () => {
  it('charges the list price when there is no sale', () => {
    const plain = terms({ listAmount: 1999, saleAmount: null });
    expect(plain.effectivePrice.amount).toBe(1999);
    expect(plain.salePrice).toBeUndefined();
  });

  it('charges the sale price when there is one', () => {
    expect(terms({ listAmount: 1999, saleAmount: 1499 }).effectivePrice.amount).toBe(1499);
  });

  it('accepts a sale equal to the list price and a free item', () => {
    expect(terms({ listAmount: 1999, saleAmount: 1999 }).effectivePrice.amount).toBe(1999);
    expect(terms({ listAmount: 0 }).effectivePrice.amount).toBe(0);
  });

  it('refuses a sale price above the list price, naming saleAmount', () => {
    const attempt = () => terms({ listAmount: 1000, saleAmount: 1001 });
    expect(attempt).toThrow(SaleAboveList);
    expect(attempt).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'saleAmount' }));
  });

  it.each([
    ['listAmount', { listAmount: -1 }],
    ['listAmount', { listAmount: 19.99 }],
    ['saleAmount', { saleAmount: -1 }],
    ['saleAmount', { saleAmount: 9.5 }],
  ])('refuses a bad %s', (field, overrides) => {
    expect(() => terms(overrides)).toThrow(InvalidAmount);
    expect(() => terms(overrides)).toThrow(expect.objectContaining({ field }));
  });

  it('refuses an unknown currency, naming currency', () => {
    expect(() => terms({ currency: 'BTC' })).toThrow(UnknownCurrency);
    expect(() => terms({ currency: 'BTC' })).toThrow(expect.objectContaining({ field: 'currency' }));
  });

  it('starts now when validFrom is not given', () => {
    expect(terms({ validFrom: undefined }).validFrom.toISOString()).toBe(TEST_NOW);
    expect(terms({ validFrom: null }).validFrom.toISOString()).toBe(TEST_NOW);
  });

  it.each([
    ['2026-02-01', '2026-02-01T00:00:00.000Z'],
    ['2026-02-01T10:30Z', '2026-02-01T10:30:00.000Z'],
    ['2026-02-01T10:30:15.250+02:00', '2026-02-01T08:30:15.250Z'],
  ])('reads validFrom %s as an ISO-8601 instant', (validFrom, expected) => {
    expect(terms({ validFrom }).validFrom.toISOString()).toBe(expected);
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-01-01T24:00Z',
    '2026-01-01T10:00',
    '01/02/2026',
    'tomorrow',
    '',
  ])('refuses %j as validFrom, naming it', (validFrom) => {
    expect(() => terms({ validFrom })).toThrow(InvalidValidity);
    expect(() => terms({ validFrom })).toThrow(expect.objectContaining({ field: 'validFrom' }));
  });

  it('is open-ended without validTo', () => {
    expect(terms({ validTo: null }).validTo).toBeUndefined();
  });

  it.each(['2026-02-01T00:00:00Z', '2026-01-31'])(
    'refuses validTo %s, not after validFrom 2026-02-01, naming validTo',
    (validTo) => {
      const attempt = () => terms({ validFrom: '2026-02-01', validTo });
      expect(attempt).toThrow(InvalidValidity);
      expect(attempt).toThrow(expect.objectContaining({ field: 'validTo' }));
    },
  );

  it('accepts a window that ends after it starts', () => {
    expect(terms({ validFrom: '2026-02-01', validTo: '2026-02-02' }).validTo?.toISOString()).toBe(
      '2026-02-02T00:00:00.000Z',
    );
  });

  it('is equal to terms with the same amounts and window only', () => {
    const base = terms({ saleAmount: 1500, validTo: '2026-06-01' });
    expect(base.equals(terms({ saleAmount: 1500, validTo: '2026-06-01T00:00:00Z' }))).toBe(true);
    expect(base.equals(terms({ saleAmount: 1501, validTo: '2026-06-01' }))).toBe(false);
    expect(base.equals(terms({ saleAmount: null, validTo: '2026-06-01' }))).toBe(false);
    expect(base.equals(terms({ saleAmount: 1500 }))).toBe(false);
    expect(base.equals(terms({ saleAmount: 1500, validTo: '2026-06-01', currency: 'USD' }))).toBe(false);
  });
});
