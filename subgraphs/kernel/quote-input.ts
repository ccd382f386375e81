/** The most characters of a client's value an error message repeats. */
export const QUOTED_INPUT_MAX_CHARS = 40;

/**
 * A client's value as an error message may show it: JSON-quoted, cut to its first
 * QUOTED_INPUT_MAX_CHARS characters with the full length said, so that an error never grows with
 * the input that caused it (twenty aliases of a 100,000-character id must not make a 2 MB answer).
 */
export function quoteInput(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  if (value.length <= QUOTED_INPUT_MAX_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTED_INPUT_MAX_CHARS))}... (${value.length} characters)`;
}
