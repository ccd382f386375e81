import { parseProductId } from '../../kernel/product-id.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { Price } from '../domain/price.js';
import type { PriceTermsInput } from '../domain/price-terms.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/** The product whose price to set and its new terms. */
export interface SetPriceCommand extends PriceTermsInput {
  readonly productId: string;
}

/** Creates or replaces a product's price; the change and its PriceChanged event commit together. */
export class SetPrice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: SetPriceCommand): Promise<Price> {
    const productId = parseProductId(command.productId);
    return this.uow.run(async (tx) => {
      const context = { eventId: this.ids.next(), now: this.clock.now() };
      const existing = await tx.prices.get(productId);
      const price = existing ?? Price.create(productId, command, context);
      existing?.replace(command, context);
      await tx.prices.save(price);
      return price;
    });
  }
}
