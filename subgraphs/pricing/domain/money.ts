import type { Currency } from './currency.js';
import { InvalidAmount } from './errors.js';

/** An amount of minor units (cents, öre, yen) of one currency: a whole number, never negative. */
export class Money {
  private constructor(
    /** Whole minor units, >= 0. */
    readonly amount: number,
    readonly currency: Currency,
  ) {}

  /** `amount` minor units of `currency`; throws InvalidAmount naming `field` when it is not a whole number >= 0. */
  static of(amount: unknown, currency: Currency, field = 'amount'): Money {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
      throw new InvalidAmount(
        `${field} must be a whole number of minor units, got ${JSON.stringify(amount)}.`,
        field,
      );
    if (amount < 0) throw new InvalidAmount(`${field} must be >= 0, got ${amount}.`, field);
    return new Money(amount, currency);
  }

  /** True when this is more than `other`; both must be of the same currency. */
  exceeds(other: Money): boolean {
    this.#assertSameCurrency(other);
    return this.amount > other.amount;
  }

  equals(other: Money): boolean {
    return this.amount === other.amount && this.currency.equals(other.currency);
  }

  toString(): string {
    return `${this.amount} ${this.currency.code} minor units`;
  }

  #assertSameCurrency(other: Money): void {
    // A programming error, not bad input: callers compare amounts of one price only.
    if (!this.currency.equals(other.currency))
      throw new TypeError(`Cannot compare ${this.currency.code} with ${other.currency.code}.`);
  }
}
