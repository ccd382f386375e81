import type { Currency } from '../domain/currency.js';
import type { Money } from '../domain/money.js';
import { estimateShipping } from '../domain/shipping-tariff.js';

/** The parcel to estimate and the currency to answer in. */
export interface EstimateShippingQuery {
  /** Parcel weight; validated by the tariff, so a missing or bad value is reported, not assumed. */
  readonly weightGrams: number | null | undefined;
  /** Currency of the estimate; EUR when the product has no price. */
  readonly currency?: Currency | undefined;
}

/** The shipping cost of a parcel by the fixed weight tariff, in the requested currency. */
export class EstimateShipping {
  execute(query: EstimateShippingQuery): Money {
    return estimateShipping(query.weightGrams, query.currency);
  }
}
