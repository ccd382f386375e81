import DataLoader from 'dataloader';
import type { Price } from '../domain/price.js';
import type { GetPrices } from '../service/get-prices.js';

/** Loads prices by product id for one request: every id asked for in one tick is one GetPrices call. */
export type PriceLoader = DataLoader<string, Price | undefined>;

/** A fresh loader for one request, so no price is cached across requests. */
export function createPriceLoader(getPrices: GetPrices): PriceLoader {
  return new DataLoader<string, Price | undefined>((productIds) => getPrices.execute({ productIds }));
}
