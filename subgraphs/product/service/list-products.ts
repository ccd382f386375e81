import type { Product } from '../domain/product.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { ProductCursor } from './product-cursor.js';
import { type ProductPageQuery, parseProductPageRequest } from './product-page-request.js';

/** One page of the catalog in id order. */
export interface ProductPage {
  readonly products: Product[];
  /** Cursor after the page's last product; null for an empty page. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /** Products matching the filter across all pages. */
  readonly totalCount: number;
}

/** Lists the catalog with keyset pagination by id, optionally within one category. */
export class ListProducts {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(query: ProductPageQuery): Promise<ProductPage> {
    const request = parseProductPageRequest(query);
    // One extra row tells whether another page follows without a second query.
    const slice = await this.uow.run((tx) =>
      tx.products.findSlice({
        afterId: request.afterId,
        category: request.category,
        limit: request.first + 1,
      }),
    );
    const products = slice.products.slice(0, request.first);
    const last = products.at(-1);
    return {
      products,
      endCursor: last ? ProductCursor.encode(last.id) : null,
      hasNextPage: slice.products.length > request.first,
      totalCount: slice.totalCount,
    };
  }
}
