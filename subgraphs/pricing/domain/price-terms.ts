import { quoteInput } from '../../kernel/quote-input.js';
import { Currency } from './currency.js';
import { InvalidValidity, SaleAboveList } from './errors.js';
import { Money } from './money.js';

/** What a caller asks a product's price to be; optional fields may be absent or null. */
export interface PriceTermsInput {
  currency: string;
  listAmount: number;
  saleAmount?: number | null;
  /** ISO-8601 instant or date; defaults to now. */
  validFrom?: string | null;
  /** ISO-8601 instant or date; open-ended when absent. */
  validTo?: string | null;
}

// A calendar date, or a date and time with an explicit offset: no locale-dependent formats.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * The terms of one price: currency, list and optional sale amount, validity window. Every rule
 * of a price lives here: amounts are whole minor units >= 0, the sale never exceeds the list,
 * the window ends after it starts.
 */
export class PriceTerms {
  private constructor(
    readonly listPrice: Money,
    readonly salePrice: Money | undefined,
    readonly validFrom: Date,
    readonly validTo: Date | undefined,
  ) {}

  /** Validates a caller's terms; `now` is the start of validity when none is given. */
  static of(input: PriceTermsInput, now: Date): PriceTerms {
    const currency = Currency.of(input.currency);
    const listPrice = Money.of(input.listAmount, currency, 'listAmount');
    const salePrice =
      input.saleAmount === undefined || input.saleAmount === null
        ? undefined
        : Money.of(input.saleAmount, currency, 'saleAmount');
    if (salePrice?.exceeds(listPrice)) throw new SaleAboveList(salePrice.amount, listPrice.amount);
    const validFrom = input.validFrom == null ? new Date(now) : parseInstant(input.validFrom, 'validFrom');
    const validTo = input.validTo == null ? undefined : parseInstant(input.validTo, 'validTo');
    if (validTo && validTo.getTime() <= validFrom.getTime())
      throw new InvalidValidity(
        `validTo (${validTo.toISOString()}) must be after validFrom (${validFrom.toISOString()}).`,
        'validTo',
      );
    return new PriceTerms(listPrice, salePrice, validFrom, validTo);
  }

  get currency(): Currency {
    return this.listPrice.currency;
  }

  /** What a customer pays: the sale price when there is one, else the list price. */
  get effectivePrice(): Money {
    return this.salePrice ?? this.listPrice;
  }

  equals(other: PriceTerms): boolean {
    return (
      this.listPrice.equals(other.listPrice) &&
      (this.salePrice === undefined
        ? other.salePrice === undefined
        : other.salePrice !== undefined && this.salePrice.equals(other.salePrice)) &&
      this.validFrom.getTime() === other.validFrom.getTime() &&
      this.validTo?.getTime() === other.validTo?.getTime()
    );
  }
}

function parseInstant(value: unknown, field: 'validFrom' | 'validTo'): Date {
  const instant = typeof value === 'string' && isCalendarValid(value) ? new Date(value) : undefined;
  if (!instant || Number.isNaN(instant.getTime()))
    throw new InvalidValidity(
      `${field} must be an ISO-8601 date or instant such as 2026-01-31T00:00:00Z, got ${quoteInput(value)}.`,
      field,
    );
  return instant;
}

// Date() rolls 2026-02-30 over to March 2nd; a price window must not move silently.
function isCalendarValid(value: string): boolean {
  const match = ISO_8601.exec(value);
  if (!match) return false;
  const part = (index: number) => Number(match[index] ?? 0);
  const [year, month, day] = [part(1), part(2), part(3)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    part(4) <= 23 &&
    part(5) <= 59 &&
    part(6) <= 59 &&
    part(7) <= 23 &&
    part(8) <= 59
  );
}
