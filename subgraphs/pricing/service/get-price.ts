import { parseProductId } from '../../kernel/product-id.js';
import { PriceNotFound } from '../domain/errors.js';
import type { Price } from '../domain/price.js';
import type { PriceReader } from '../ports/price-reader.js';

/** The product whose price to read. */
export interface GetPriceQuery {
  readonly productId: string;
}

/** The price of one product; throws PriceNotFound when pricing knows none. */
export class GetPrice {
  constructor(private readonly prices: PriceReader) {}

  async execute(query: GetPriceQuery): Promise<Price> {
    const productId = parseProductId(query.productId);
    const [price] = await this.prices.getMany([productId]);
    if (!price) throw new PriceNotFound(productId);
    return price;
  }
}
