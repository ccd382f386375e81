import type { Price } from '../domain/price.js';

/** Reads prices outside a unit of work: for queries. */
export interface PriceReader {
  /** One lookup for many products: the result is aligned with `productIds`, undefined where unpriced. */
  getMany(productIds: readonly string[]): Promise<(Price | undefined)[]>;
}
