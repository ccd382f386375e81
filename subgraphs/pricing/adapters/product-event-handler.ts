import type { DomainEvent } from '../../kernel/domain-event.js';
import type { SetDefaultPrice } from '../service/set-default-price.js';

/**
 * What pricing does with the product subgraph's events: a ProductCreated gets the new product its
 * default price; every other event is of no interest here and is passed over.
 */
export function productEventHandler(setDefaultPrice: SetDefaultPrice): (event: DomainEvent) => Promise<void> {
  return async (event) => {
    if (event.type !== 'ProductCreated') return;
    await setDefaultPrice.execute({ productId: event.aggregateId, eventId: event.id });
  };
}
