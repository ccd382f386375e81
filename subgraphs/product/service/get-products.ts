import { isProductId } from '../../kernel/product-id.js';
import type { Product } from '../domain/product.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/**
 * Reads a batch of products in one repository call, for entity resolution. The answer is aligned
 * with `ids`: undefined where no product exists (an unusable id is never looked up).
 */
export class GetProducts {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(query: { ids: readonly string[] }): Promise<(Product | undefined)[]> {
    const lookups = query.ids.filter(isProductId);
    if (lookups.length === 0) return query.ids.map(() => undefined);
    const found = await this.uow.run((tx) => tx.products.getMany(lookups));
    const byId = new Map(lookups.map((id, i) => [id, found[i]]));
    return query.ids.map((id) => byId.get(id));
  }
}
