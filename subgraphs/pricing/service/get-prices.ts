import type { Price } from '../domain/price.js';
import type { PriceReader } from '../ports/price-reader.js';

/** The products whose prices to read. */
export interface GetPricesQuery {
  readonly productIds: readonly string[];
}

/** The prices of many products in one repository call; undefined where a product is unpriced. */
export class GetPrices {
  constructor(private readonly prices: PriceReader) {}

  async execute(query: GetPricesQuery): Promise<(Price | undefined)[]> {
    if (query.productIds.length === 0) return [];
    return this.prices.getMany(query.productIds);
  }
}
