import { AggregateRoot } from '../../kernel/aggregate-root.js';
import { parseProductId } from '../../kernel/product-id.js';
import type { Currency, CurrencyCode } from './currency.js';
import type { ChangeContext, PriceAmounts, PriceChanged } from './events.js';
import type { Money } from './money.js';
import { PriceTerms, type PriceTermsInput } from './price-terms.js';

/** A price as stored: plain JSON, absent optionals as null. */
export interface PriceSnapshot {
  productId: string;
  currency: CurrencyCode;
  listAmount: number;
  saleAmount: number | null;
  validFrom: string;
  validTo: string | null;
}

/** The price of one product: its terms, and a PriceChanged event for every change to them. */
export class Price extends AggregateRoot {
  #terms: PriceTerms;

  private constructor(
    readonly productId: string,
    terms: PriceTerms,
    version: number,
  ) {
    super(version);
    this.#terms = terms;
  }

  /** The first price of a product; records PriceChanged with no previous amounts. */
  static create(productId: string, input: PriceTermsInput, context: ChangeContext): Price {
    const price = new Price(parseProductId(productId), PriceTerms.of(input, context.now), 0);
    price.#recordChange(undefined, context);
    return price;
  }

  /** Rebuilds a stored price at the version it was read at. */
  static fromSnapshot(snapshot: PriceSnapshot, version: number): Price {
    const terms = PriceTerms.of(snapshot, new Date(snapshot.validFrom));
    return new Price(snapshot.productId, terms, version);
  }

  /** Replaces the terms; records PriceChanged unless the new terms equal the current ones. */
  replace(input: PriceTermsInput, context: ChangeContext): void {
    const terms = PriceTerms.of(input, context.now);
    if (terms.equals(this.#terms)) return;
    const previous = this.#terms;
    this.#terms = terms;
    this.#recordChange(previous, context);
  }

  get currency(): Currency {
    return this.#terms.currency;
  }

  get listPrice(): Money {
    return this.#terms.listPrice;
  }

  get salePrice(): Money | undefined {
    return this.#terms.salePrice;
  }

  /** What a customer pays: the sale price when set, else the list price. */
  get effectivePrice(): Money {
    return this.#terms.effectivePrice;
  }

  get validFrom(): Date {
    return this.#terms.validFrom;
  }

  get validTo(): Date | undefined {
    return this.#terms.validTo;
  }

  toSnapshot(): PriceSnapshot {
    return {
      productId: this.productId,
      currency: this.currency.code,
      listAmount: this.listPrice.amount,
      saleAmount: this.salePrice?.amount ?? null,
      validFrom: this.validFrom.toISOString(),
      validTo: this.validTo?.toISOString() ?? null,
    };
  }

  #recordChange(previous: PriceTerms | undefined, context: ChangeContext): void {
    const event: PriceChanged = {
      id: context.eventId,
      type: 'PriceChanged',
      aggregateId: this.productId,
      occurredAt: context.now.toISOString(),
      payload: {
        productId: this.productId,
        previous: previous ? amountsOf(previous) : null,
        current: amountsOf(this.#terms),
        validFrom: this.validFrom.toISOString(),
        validTo: this.validTo?.toISOString() ?? null,
      },
    };
    this.record(event);
  }
}

function amountsOf(terms: PriceTerms): PriceAmounts {
  return {
    currency: terms.currency.code,
    listAmount: terms.listPrice.amount,
    saleAmount: terms.salePrice?.amount ?? null,
    amount: terms.effectivePrice.amount,
  };
}
