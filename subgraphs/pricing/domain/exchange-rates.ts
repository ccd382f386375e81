import type { Currency, CurrencyCode } from './currency.js';
import { Money } from './money.js';

/**
 * Fixed euro exchange rates in units of 1/10,000 (1.0800 USD per EUR = 10_800), so conversion
 * is integer arithmetic and the same everywhere. Shipping is the only consumer: list and sale
 * prices are always set in their own currency and never converted.
 */
const PER_EUR_IN_TEN_THOUSANDTHS: Readonly<Record<CurrencyCode, number>> = {
  EUR: 10_000,
  USD: 10_800,
  GBP: 8_600,
  CHF: 9_500,
  SEK: 115_000,
  JPY: 1_620_000,
};

/** Converts euro money into `to` at the fixed rate, rounding half up to the target's minor unit. */
export function convertFromEur(euros: Money, to: Currency): Money {
  if (euros.currency.code !== 'EUR')
    throw new TypeError(`convertFromEur expects EUR, got ${euros.currency.code}.`);
  const rate = PER_EUR_IN_TEN_THOUSANDTHS[to.code];
  const numerator = euros.amount * rate * to.minorUnitsPerMajor;
  const denominator = 10_000 * euros.currency.minorUnitsPerMajor;
  // Integer division with half-up rounding: exact for every amount below 2^53 / (rate * 100).
  const converted = Math.floor((2 * numerator + denominator) / (2 * denominator));
  return Money.of(converted, to);
}
