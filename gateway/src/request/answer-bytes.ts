import type { FormattedExecutionResult } from 'graphql';

/**
 * Where one request's answer is left as bytes, when the edge writes that answer itself: Apollo
 * Server serialises the answer, then hands the text back through several awaits before the edge
 * writes it. Encoding it the moment it is serialised lets the text (tens of kilobytes for a large
 * answer) die young, where otherwise it would be copied by every young-generation collection
 * that happens while other requests run in between.
 */
export interface AnswerBytes {
  bytes?: Buffer;
}

const claims = new WeakMap<object, AnswerBytes>();

/**
 * Marks `data`, the response data the executor made for one request, as answered into `slot`.
 * The first claim of an object holds; each claim is used once.
 */
export function claimAnswer(data: unknown, slot: AnswerBytes): void {
  if (typeof data === 'object' && data !== null && !claims.has(data)) claims.set(data, slot);
}

/**
 * Apollo Server's `stringifyResult`: the result as Apollo Server writes it by default (JSON and a
 * newline). A result whose data was claimed is encoded into its slot instead, and its text is
 * empty: the edge writes the slot's bytes.
 */
export function stringifyAnswer(result: FormattedExecutionResult): string {
  const text = `${JSON.stringify(result)}\n`;
  const data = result.data;
  const slot = typeof data === 'object' && data !== null ? claims.get(data) : undefined;
  if (!slot || slot.bytes) return text;
  claims.delete(data as object);
  slot.bytes = Buffer.from(text);
  return '';
}
