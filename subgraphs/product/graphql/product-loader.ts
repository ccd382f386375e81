import DataLoader from 'dataloader';
import { ProductNotFound } from '../domain/errors.js';
import type { Product } from '../domain/product.js';
import type { GetProducts } from '../service/get-products.js';

/** The DataLoaders of one request. */
export interface ProductLoaders {
  /** Products by id: every id asked for in one tick is read in one batch; unknown ids reject with NOT_FOUND. */
  readonly product: DataLoader<string, Product>;
}

/** Fresh loaders for one request (never shared: their cache must not outlive it). */
export function createProductLoaders(getProducts: GetProducts): ProductLoaders {
  return {
    product: new DataLoader<string, Product>(async (ids) => {
      const products = await getProducts.execute({ ids });
      return ids.map((id, i) => products[i] ?? new ProductNotFound(id));
    }),
  };
}
