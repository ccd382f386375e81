import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import type { GetPrices } from '../service/get-prices.js';
import { createPriceLoader, type PriceLoader } from './price-loader.js';

/** The resolver context of one pricing request: the platform scope plus its loaders. */
export interface PricingContext extends RequestScope {
  readonly loaders: { readonly prices: PriceLoader };
}

/** Builds the context of one request with loaders of its own. */
export function createPricingContext(scope: RequestScope, getPrices: GetPrices): PricingContext {
  return { ...scope, loaders: { prices: createPriceLoader(getPrices) } };
}
