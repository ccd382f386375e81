/**
 * A `Retry-After` header (RFC 9110 section 10.2.3: delay-seconds or an HTTP-date) in milliseconds
 * from `now`, or undefined when absent or malformed. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value)) return Number.parseInt(value, 10) * 1000;
  // Only IMF-fixdate and the obsolete forms carry a weekday and GMT; anything else is not a date.
  if (!/GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
