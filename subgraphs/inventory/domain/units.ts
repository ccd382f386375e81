import { InvalidUnits } from './errors.js';

/** The most units one stock level may hold: what a GraphQL `Int` can carry. */
export const MAX_UNITS = 2_147_483_647;

/** A number of units to reserve: a whole number from 1 to MAX_UNITS. */
export function parseQuantity(value: unknown, field = 'quantity'): number {
  if (!isWholeNumber(value) || value < 1 || value > MAX_UNITS)
    throw new InvalidUnits(
      `${field} must be a whole number from 1 to ${MAX_UNITS}, got ${show(value)}.`,
      field,
    );
  return value;
}

/** A change to the units on hand: a whole number, negative to remove, never 0. */
export function parseDelta(value: unknown, field = 'delta'): number {
  if (!isWholeNumber(value) || value === 0 || Math.abs(value) > MAX_UNITS)
    throw new InvalidUnits(
      `${field} must be a non-zero whole number from -${MAX_UNITS} to ${MAX_UNITS}, got ${show(value)}.`,
      field,
    );
  return value;
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}
