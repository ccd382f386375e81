import DataLoader from 'dataloader';
import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import type { Price } from '../domain/price.js';
import type { GetPrices } from '../service/get-prices.js';

/** The resolver context of one request: the platform scope plus that request's loaders. */
export interface PricingContext extends RequestScope {
  readonly loaders: {
    /** Prices by product id: every id asked for in one tick is one GetPrices call; undefined where unpriced. */
    readonly prices: DataLoader<string, Price | undefined>;
  };
}

/** A context with fresh loaders, so no price is cached between requests. */
export function createPricingContext(scope: RequestScope, getPrices: GetPrices): PricingContext {
  return {
    ...scope,
    loaders: {
      prices: new DataLoader<string, Price | undefined>((productIds) => getPrices.execute({ productIds })),
    },
  };
}
