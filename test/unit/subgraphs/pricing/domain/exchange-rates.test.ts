import { describe, expect, it } from 'vitest';
import { Currency } from '../../../../../subgraphs/pricing/domain/currency.js';
import { convertFromEur } from '../../../../../subgraphs/pricing/domain/exchange-rates.js';
import { Money } from '../../../../../subgraphs/pricing/domain/money.js';

const euros = (cents: number) => Money.of(cents, Currency.EUR);

describe('convertFromEur', () => {
  it('leaves euros as they are', () => {
    expect(convertFromEur(euros(490), Currency.EUR).amount).toBe(490);
  });

  it.each([
    ['USD', 490, 529], // 4.90 * 1.08 = 5.292
    ['GBP', 1290, 1109], // 12.90 * 0.86 = 11.094
    ['CHF', 690, 656], // 6.90 * 0.95 = 6.555 -> half up
    ['SEK', 490, 5635], // 4.90 * 11.5 = 56.35
    ['JPY', 490, 794], // 4.90 * 162 = 793.8 yen, no minor unit
  ])('converts to %s at the fixed rate in its minor units', (code, cents, expected) => {
    const converted = convertFromEur(euros(cents), Currency.of(code));
    expect(converted.amount).toBe(expected);
    expect(converted.currency.code).toBe(code);
  });

  it('rounds an exact half up', () => {
    // 0.25 EUR * 0.86 = 0.215 GBP = 21.5 pence
    expect(convertFromEur(euros(25), Currency.of('GBP')).amount).toBe(22);
  });

  it('refuses money that is not in euros', () => {
    expect(() => convertFromEur(Money.of(100, Currency.of('USD')), Currency.EUR)).toThrow(TypeError);
  });
});
