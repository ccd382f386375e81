import { InvalidProductId } from './errors.js';

const MAX_LENGTH = 128;

/** Checks a product id named by a caller: non-blank, at most 128 characters, no surrounding spaces. */
export function parseProductId(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidProductId('productId must not be blank.');
  if (value !== value.trim())
    throw new InvalidProductId(`productId must not start or end with spaces, got ${JSON.stringify(value)}.`);
  if (value.length > MAX_LENGTH)
    throw new InvalidProductId(`productId must be at most ${MAX_LENGTH} characters, got ${value.length}.`);
  return value;
}
