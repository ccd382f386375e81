import { quoteInput } from '../../kernel/quote-input.js';
import { Currency } from './currency.js';
import { InvalidWeight } from './errors.js';
import { convertFromEur } from './exchange-rates.js';
import { Money } from './money.js';

/** Weight bands of the tariff, in euro cents, lightest first. */
const BANDS: readonly { readonly upToGrams: number; readonly euroCents: number }[] = [
  { upToGrams: 500, euroCents: 490 },
  { upToGrams: 2_000, euroCents: 690 },
  { upToGrams: 10_000, euroCents: 1_290 },
];

/** Above the heaviest band: its rate plus this much per started kilogram beyond it. */
const EURO_CENTS_PER_EXTRA_KG = 100;

/**
 * The shipping cost of a parcel of `weightGrams`, in `currency` (EUR by default): a fixed euro
 * tariff by weight band, converted at the fixed exchange rate. Throws InvalidWeight naming
 * `weightGrams` unless it is a positive whole number.
 */
export function estimateShipping(weightGrams: unknown, currency: Currency = Currency.EUR): Money {
  const grams = parseWeight(weightGrams);
  const band = BANDS.find((candidate) => grams <= candidate.upToGrams);
  const heaviest = BANDS[BANDS.length - 1]!;
  const euroCents =
    band?.euroCents ??
    heaviest.euroCents + EURO_CENTS_PER_EXTRA_KG * Math.ceil((grams - heaviest.upToGrams) / 1_000);
  return convertFromEur(Money.of(euroCents, Currency.EUR), currency);
}

function parseWeight(weightGrams: unknown): number {
  if (weightGrams === undefined || weightGrams === null)
    throw new InvalidWeight('weightGrams is required to estimate shipping.');
  if (typeof weightGrams !== 'number' || !Number.isSafeInteger(weightGrams) || weightGrams <= 0)
    throw new InvalidWeight(
      `weightGrams must be a positive whole number of grams, got ${quoteInput(weightGrams)}.`,
    );
  return weightGrams;
}
