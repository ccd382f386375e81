import { UnknownCurrency } from './errors.js';

/** Digits after the decimal point of each currency pricing accepts (ISO 4217 minor units). */
const MINOR_UNIT_DIGITS = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  JPY: 0,
} as const;

/** An ISO 4217 code pricing accepts. */
export type CurrencyCode = keyof typeof MINOR_UNIT_DIGITS;

const KNOWN_CODES = Object.keys(MINOR_UNIT_DIGITS) as CurrencyCode[];

/** A known ISO 4217 currency and how many minor units make one major unit. */
export class Currency {
  private constructor(
    /** The ISO 4217 code, e.g. `EUR`. */
    readonly code: CurrencyCode,
    /** Digits after the decimal point: 2 for EUR (cents), 0 for JPY. */
    readonly minorUnitDigits: number,
  ) {}

  /** The euro: the currency of the shipping tariff and of unpriced products. */
  static readonly EUR = Currency.of('EUR');

  /** The currency with this exact (upper-case) code; throws UnknownCurrency otherwise. */
  static of(code: unknown): Currency {
    if (typeof code !== 'string' || !Object.hasOwn(MINOR_UNIT_DIGITS, code))
      throw new UnknownCurrency(code, KNOWN_CODES);
    const known = code as CurrencyCode;
    return new Currency(known, MINOR_UNIT_DIGITS[known]);
  }

  /** Minor units in one major unit: 100 for EUR, 1 for JPY. */
  get minorUnitsPerMajor(): number {
    return 10 ** this.minorUnitDigits;
  }

  equals(other: Currency): boolean {
    return this.code === other.code;
  }

  toString(): string {
    return this.code;
  }
}
