import { InvalidInput } from './domain-error.js';

const MAX_LENGTH = 128;

/** A product id that is blank, padded with spaces or too long; always about the `productId` argument. */
export class InvalidProductId extends InvalidInput {
  constructor(message: string) {
    super(message, 'productId');
  }
}

/**
 * Checks the id of a product that another subgraph references (the key of the federated
 * `Product`): non-blank, at most 128 characters, no surrounding spaces.
 */
export function parseProductId(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidProductId('productId must not be blank.');
  if (value !== value.trim())
    throw new InvalidProductId(`productId must not start or end with spaces, got ${JSON.stringify(value)}.`);
  if (value.length > MAX_LENGTH)
    throw new InvalidProductId(`productId must be at most ${MAX_LENGTH} characters, got ${value.length}.`);
  return value;
}
