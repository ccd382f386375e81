import { InvalidInput } from './domain-error.js';
import { quoteInput } from './quote-input.js';

const MAX_LENGTH = 128;

/** A product id that is not a string, blank, padded with spaces or too long; `field` names the argument. */
export class InvalidProductId extends InvalidInput {
  constructor(message: string, field = 'productId') {
    super(message, field);
  }
}

/**
 * True when `value` can be a product id (the key of the federated `Product`, shared by every
 * subgraph): a non-blank string of at most 128 characters with no surrounding spaces.
 */
export function isProductId(value: unknown): value is string {
  return typeof value === 'string' && value.trim() === value && value !== '' && value.length <= MAX_LENGTH;
}

/**
 * The product id `value` holds, or InvalidProductId saying what is wrong with it and naming
 * `field`, the argument that held it (`productId` unless told otherwise, e.g. `id`).
 */
export function parseProductId(value: unknown, field = 'productId'): string {
  if (isProductId(value)) return value;
  if (typeof value !== 'string')
    throw new InvalidProductId(
      `${field} must not be blank: it must be a string (got ${value === null ? 'null' : typeof value}).`,
      field,
    );
  if (value.trim() === '') throw new InvalidProductId(`${field} must not be blank.`, field);
  if (value !== value.trim())
    throw new InvalidProductId(
      `${field} must not start or end with spaces (got ${quoteInput(value)}).`,
      field,
    );
  throw new InvalidProductId(
    `${field} must be at most ${MAX_LENGTH} characters (got ${value.length}).`,
    field,
  );
}
