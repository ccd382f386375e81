import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { SkuAlreadyTaken } from '../domain/errors.js';
import { type NewProduct, Product } from '../domain/product.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/** Adds a product to the catalog; its sku must not belong to another product. Records ProductCreated. */
export class CreateProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: NewProduct): Promise<Product> {
    return this.uow.run(async (tx) => {
      const product = Product.create(this.ids.next(), command, {
        at: this.clock.now(),
        nextEventId: () => this.ids.next(),
      });
      if (await tx.products.findBySku(product.sku)) throw new SkuAlreadyTaken(product.sku.value);
      await tx.products.save(product);
      return product;
    });
  }
}
