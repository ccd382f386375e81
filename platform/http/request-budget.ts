/** Header carrying the caller's remaining time budget in milliseconds. */
export const BUDGET_HEADER = 'x-request-budget-ms';

/**
 * The remaining budget the caller granted, or undefined when it sent none.
 * A malformed value is ignored rather than trusted.
 */
export function budgetFrom(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^-?\d{1,10}$/.test(value.trim())) return undefined;
  return Math.max(0, Number.parseInt(value, 10));
}
