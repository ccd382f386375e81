import { parseProductId } from '../../kernel/product-id.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { DEFAULT_PRICE_TERMS } from '../domain/default-price.js';
import { Price } from '../domain/price.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/** A product the catalog has just created, and the event that told pricing so. */
export interface SetDefaultPriceCommand {
  readonly productId: string;
  /** Id of the event reporting the product's creation: applying it twice changes nothing. */
  readonly eventId: string;
}

/**
 * Gives a newly created product the catalog's default price. Unlike SetPrice it never replaces a
 * price (one set before the event arrived wins), and it records the event as applied in the same
 * unit of work, so a redelivered event is a no-op. Records PriceChanged when it sets a price;
 * resolves to that price, or undefined when it changed nothing.
 */
export class SetDefaultPrice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: SetDefaultPriceCommand): Promise<Price | undefined> {
    const productId = parseProductId(command.productId);
    return this.uow.run(async (tx) => {
      if (!(await tx.processedEvents.markProcessed(command.eventId))) return undefined;
      if (await tx.prices.get(productId)) return undefined;
      const price = Price.create(productId, DEFAULT_PRICE_TERMS, {
        eventId: this.ids.next(),
        now: this.clock.now(),
      });
      await tx.prices.save(price);
      return price;
    });
  }
}
