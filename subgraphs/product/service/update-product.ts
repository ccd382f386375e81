import { parseProductId } from '../../kernel/product-id.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { ProductNotFound, SkuAlreadyTaken } from '../domain/errors.js';
import type { Product, ProductUpdate } from '../domain/product.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/** Changes the given fields of a product; a new sku must be free. Records ProductUpdated when anything changed. */
export class UpdateProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: { id: string; changes: ProductUpdate }): Promise<Product> {
    const id = parseProductId(command.id, 'id');
    return this.uow.run(async (tx) => {
      const product = await tx.products.get(id);
      if (!product) throw new ProductNotFound(id);
      const changes = product.update(command.changes, {
        at: this.clock.now(),
        nextEventId: () => this.ids.next(),
      });
      if (Object.keys(changes).length === 0) return product;
      if (changes.sku !== undefined) {
        const holder = await tx.products.findBySku(product.sku);
        if (holder && holder.id !== product.id) throw new SkuAlreadyTaken(product.sku.value);
      }
      await tx.products.save(product);
      return product;
    });
  }
}
