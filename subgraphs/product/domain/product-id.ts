import { InvalidProductId } from './errors.js';

const MAX_LENGTH = 128;

/** True when `value` can be a product id: a non-blank string of at most 128 characters. */
export function isProductId(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_LENGTH;
}

/** The product id `value` holds, or InvalidProductId naming `field` and what is wrong. */
export function parseProductId(value: unknown, field = 'id'): string {
  if (isProductId(value)) return value;
  if (typeof value !== 'string') {
    throw new InvalidProductId(
      `${field} must be a string (got ${value === null ? 'null' : typeof value}).`,
      field,
    );
  }
  if (value.trim().length === 0) throw new InvalidProductId(`${field} must not be blank.`, field);
  throw new InvalidProductId(
    `${field} must be at most ${MAX_LENGTH} characters (got ${value.length}).`,
    field,
  );
}
