import { UnknownCategory } from './errors.js';

/** Every category a product may belong to; the GraphQL `Category` enum mirrors this list. */
export const CATEGORIES = ['BOOKS', 'ELECTRONICS', 'GARDEN', 'HOME', 'KITCHEN', 'SPORTS', 'TOYS'] as const;

/** One of CATEGORIES. */
export type Category = (typeof CATEGORIES)[number];

/** True when `value` names a known category. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** The category `value` names, or UnknownCategory listing the valid ones. */
export function parseCategory(value: unknown): Category {
  if (isCategory(value)) return value;
  throw new UnknownCategory(value, CATEGORIES);
}
