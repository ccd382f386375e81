import { type Category, parseCategory } from '../domain/category.js';
import { InvalidPageRequest } from './invalid-page-request.js';
import { ProductCursor } from './product-cursor.js';

/** Page size used when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** A page of the catalog as asked for: null or absent values mean "the default". */
export interface ProductPageQuery {
  first?: number | null;
  after?: string | null;
  category?: string | null;
}

/** A validated page request: keyset position (`afterId`) in id order, size and filter. */
export interface ProductPageRequest {
  readonly first: number;
  readonly afterId: string | undefined;
  readonly category: Category | undefined;
}

/** Validates a page query: `first` in 1..MAX_PAGE_SIZE, `after` a cursor this API issued, a known category. */
export function parseProductPageRequest(query: ProductPageQuery): ProductPageRequest {
  const first = query.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InvalidPageRequest(
      `first must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${first}).`,
      'first',
    );
  }
  return {
    first,
    afterId: query.after == null ? undefined : ProductCursor.decode(query.after),
    category: query.category == null ? undefined : parseCategory(query.category),
  };
}
