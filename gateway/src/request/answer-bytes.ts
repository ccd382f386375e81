import type { FormattedExecutionResult } from 'graphql';
import { AnswerBuffers } from './answer-buffers.js';

/**
 * Where one request's answer is left as bytes, when the edge writes that answer itself: Apollo
 * Server serialises the answer, then hands the text back through several awaits before the edge
 * writes it. Encoding it the moment it is serialised lets the text (tens of kilobytes for a large
 * answer) die young, where otherwise it would be copied by every young-generation collection
 * that happens while other requests run in between.
 */
export interface AnswerBytes {
  bytes?: Buffer;
  /** The pooled buffer `bytes` lie in, when they do: give it back with `releaseAnswer` once written. */
  pooled?: Buffer;
}

const claims = new WeakMap<object, AnswerBytes>();
const buffers = new AnswerBuffers();
const NEWLINE = 0x0a;
const MAX_UTF8_CHARACTER_BYTES = 4;

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
 * newline). A result whose data was claimed is encoded into its slot instead, and its text is
 * empty: the edge writes the slot's bytes.
 *
 * Once encoded, the claimed data's top-level fields are deleted. Nothing reads the data after
 * this point (the response plugins ran before it). But Apollo Server's request context still holds
 * it, and by now that context has outlived a few young-generation collections and lies in the
 * old generation, where it stays, dead, until the next full collection. Until then each young
 * collection would take the whole answer tree for live and copy it.
 */
export function stringifyAnswer(result: FormattedExecutionResult): string {
  const json = JSON.stringify(result);
  const data = result.data;
  const slot = typeof data === 'object' && data !== null ? claims.get(data) : undefined;
  if (!slot || slot.bytes) return `${json}\n`;
  claims.delete(data as object);
  const encoded =
    encodeLeased(json, json.length + 1, slot, false) ||
    // More UTF-8 bytes than characters (or too few to lease): leased again at the size counted.
    encodeLeased(json, Buffer.byteLength(json) + 1, slot, true);
  if (!encoded) slot.bytes = Buffer.from(`${json}\n`);
  letGo(data as Record<string, unknown>);
  return '';
}

/**
 * Encodes `json` and a newline into a buffer leased for `byteLength` bytes (`exact`: its UTF-8
 * length, counted; otherwise a guess); false when none is leased at that size or the text did
 * not fit. A guess spares counting the bytes, which reads the whole text once more: what `write`
 * leaves unwritten is a character that did not fit, at most 4 bytes, so 4 bytes left free prove
 * that it wrote everything.
 */
function encodeLeased(json: string, byteLength: number, slot: AnswerBytes, exact: boolean): boolean {
  const pooled = buffers.lease(byteLength);
  if (!pooled) return false;
  const written = pooled.write(json);
  if (!exact && written > pooled.length - MAX_UTF8_CHARACTER_BYTES) {
    buffers.release(pooled);
    return false;
  }
  pooled[written] = NEWLINE;
  slot.bytes = pooled.subarray(0, written + 1);
  slot.pooled = pooled;
  return true;
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
