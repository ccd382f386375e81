import type { FormattedExecutionResult } from 'graphql';
import { AnswerBuffers } from './answer-buffers.js';
import { encodeJson } from './json-encoder.js';

/**
 * Where one request's answer is left as bytes, when the edge writes that answer itself: Apollo
 * Server serialises the answer, then hands the text back through several awaits before the edge
 * writes it. Encoding the answer into bytes where Apollo Server would serialise it leaves no text
 * (tens of kilobytes for a large answer) to be copied by the young-generation collections that
 * happen while other requests run in between.
 */
export interface AnswerBytes {
  bytes?: Buffer;
  /** The pooled buffer `bytes` lie in, when they do: give it back with `releaseAnswer` once written. */
  pooled?: Buffer;
}

const claims = new WeakMap<object, AnswerBytes>();
const buffers = new AnswerBuffers();
/** The last answer's size: where the next answer's buffer starts (answers of one graph tend to repeat). */
let lastAnswerBytes = 0;

/**
 * Marks `data`, the response data the executor made for one request, as answered into `slot`.
 * The first claim of an object holds; each claim is used once. The claim hands the data over:
 * once it is encoded, its fields are let go (see `stringifyAnswer`).
 */
export function claimAnswer(data: unknown, slot: AnswerBytes): void {
  if (typeof data === 'object' && data !== null && !claims.has(data)) claims.set(data, slot);
}

/**
 * Apollo Server's `stringifyResult`: the result as Apollo Server writes it by default (JSON and a
 * newline). A result whose data was claimed is encoded into its slot instead (see `encodeJson`),
 * and its text is empty: the edge writes the slot's bytes.
 *
 * Once encoded, the claimed data's top-level fields are deleted. Nothing reads the data after
 * this point (the response plugins ran before it). But Apollo Server's request context still holds
 * it, and by now that context has outlived a few young-generation collections and lies in the
 * old generation, where it stays, dead, until the next full collection. Until then each young
 * collection would take the whole answer tree for live and copy it.
 */
export function stringifyAnswer(result: FormattedExecutionResult): string {
  const data = result.data;
  const slot = typeof data === 'object' && data !== null ? claims.get(data) : undefined;
  if (!slot || slot.bytes) return `${JSON.stringify(result)}\n`;
  claims.delete(data as object);
  const encoded = encodeJson(result, '\n', buffers, lastAnswerBytes);
  if (encoded) {
    slot.bytes = encoded.bytes;
    slot.pooled = encoded.pooled;
    lastAnswerBytes = encoded.bytes.length;
  } else {
    slot.bytes = Buffer.from(`${JSON.stringify(result)}\n`);
  }
  letGo(data as Record<string, unknown>);
  return '';
}

function letGo(data: Record<string, unknown>): void {
  for (const key in data) delete data[key];
}

/** Gives the slot's pooled buffer back for the next answer; only once its bytes are written. */
export function releaseAnswer(slot: AnswerBytes): void {
  const { pooled } = slot;
  if (!pooled) return;
  slot.pooled = undefined;
  slot.bytes = undefined;
  buffers.release(pooled);
}
