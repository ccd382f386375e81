import { parseProductId } from '../../kernel/product-id.js';
import { ProductNotFound } from '../domain/errors.js';
import type { Product } from '../domain/product.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/** Reads one product; an unknown id is ProductNotFound. */
export class GetProduct {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(query: { id: string }): Promise<Product> {
    const id = parseProductId(query.id, 'id');
    const product = await this.uow.run((tx) => tx.products.get(id));
    if (!product) throw new ProductNotFound(id);
    return product;
  }
}
