import { isProductId } from '../../kernel/product-id.js';
import { quoteInput } from '../../kernel/quote-input.js';
import { InvalidPageRequest } from './invalid-page-request.js';

/**
 * Opaque pagination cursors: base64url of the sort key (the product id) of the last item a page
 * held. Clients must not build them; a cursor that does not decode to a usable id is refused.
 */
export const ProductCursor = {
  /** The cursor that resumes listing after the product with `productId`. */
  encode(productId: string): string {
    return Buffer.from(productId, 'utf8').toString('base64url');
  },

  /** The product id inside `cursor`, or InvalidPageRequest naming `after`. */
  decode(cursor: string): string {
    const productId = Buffer.from(cursor, 'base64url').toString('utf8');
    // Node decodes leniently (skipping stray characters), so only a canonical round trip counts.
    if (ProductCursor.encode(productId) === cursor && isProductId(productId)) return productId;
    throw new InvalidPageRequest(
      `after must be a cursor returned by this API (got ${quoteInput(cursor)}).`,
      'after',
    );
  },
};
