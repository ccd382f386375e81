import DataLoader from 'dataloader';
import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import { ProductNotFound } from '../domain/errors.js';
import type { Product } from '../domain/product.js';
import type { GetProducts } from '../service/get-products.js';

/** The resolver context of one request: the platform scope plus that request's loaders. */
export interface ProductContext extends RequestScope {
  readonly loaders: {
    /** Products by id: every id asked for in one tick is read in one batch; unknown ids reject with NOT_FOUND. */
    readonly product: DataLoader<string, Product>;
  };
}

/** A context with fresh loaders, so nothing is cached between requests. */
export function createProductContext(scope: RequestScope, getProducts: GetProducts): ProductContext {
  return {
    ...scope,
    loaders: {
      product: new DataLoader<string, Product>(async (ids) => {
        const products = await getProducts.execute({ ids });
        return ids.map((id, i) => products[i] ?? new ProductNotFound(id));
      }),
    },
  };
}
