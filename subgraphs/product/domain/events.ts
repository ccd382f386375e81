import type { DomainEvent } from '../../kernel/domain-event.js';
import type { ProductFieldChanges, ProductSnapshot } from './product.js';

/** A product was added to the catalog; the payload is its full snapshot. */
export type ProductCreated = DomainEvent<'ProductCreated', ProductSnapshot>;

/** Fields of a product changed; the payload holds only the changed fields, with their new values. */
export type ProductUpdated = DomainEvent<'ProductUpdated', ProductFieldChanges>;

/** Every event the product aggregate records. */
export type ProductEvent = ProductCreated | ProductUpdated;
