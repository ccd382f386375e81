import type { AnswerBuffers } from './answer-buffers.js';

/** What `encodeJson` wrote: the JSON's UTF-8 bytes, and the pooled buffer they lie in, if any. */
export interface EncodedJson {
  readonly bytes: Buffer;
  /** Give it back to the pool once the bytes are written and no longer read. */
  readonly pooled?: Buffer;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const FIRST_PRINTABLE = 0x20;
const LAST_ASCII = 0x7f;
/** Strings up to this length are checked and copied a character at a time; longer ones natively. */
const SHORT_STRING = 32;
/** Room for any token written without a check of its own: a number, `false`, `null`. */
const TOKEN_ROOM = 32;
/** How many long strings found clean an answer keeps, by length (a power of two). */
const CLEAN_SLOTS = 16;
/** The largest buffer an answer starts in when the pool has none of the size hinted. */
const LARGEST_FIRST_BUFFER = 65_536;

// What a value is to the writer: numbers rather than strings, compared for every value written.
const SKIP = 0;
const STRING = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;
const ARRAY = 6;
const OBJECT = 7;
/** Written as JSON.stringify writes it (a `toJSON` method, a class instance, a boxed value, a BigInt). */
const FOREIGN = 8;
type Kind =
  | typeof SKIP
  | typeof STRING
  | typeof NUMBER
  | typeof TRUE
  | typeof FALSE
  | typeof NULL
  | typeof ARRAY
  | typeof OBJECT
  | typeof FOREIGN;
const ZERO = 0x30;
/** 10^0 to 10^9: an integer below 2^32 has as many digits as the powers it reaches. */
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * Encodes `value` as JSON, then `suffix`, straight into UTF-8 bytes: byte for byte what
 * `Buffer.from(JSON.stringify(value) + suffix)` gives, without the string.
 *
 * For a large answer that string is the largest allocation of a request, twice over: V8 builds
 * it in parts, and encoding joins the parts into one more copy first. Both die at once, but they
 * are most of what fills the young generation, so each collection comes sooner and copies more of
 * the other requests still in flight into the old generation. Here plain objects, arrays,
 * strings, numbers, booleans and null are written directly; anything else (a `toJSON` method, a
 * class instance, a boxed primitive, a BigInt) is written as JSON.stringify writes it.
 *
 * Returns undefined, keeping no buffer, when the result could differ from JSON.stringify's:
 * when `Object.prototype` has enumerable properties of its own, or the value cannot be serialised
 * (a cycle, a BigInt): the caller then serialises with JSON.stringify, which says what is wrong.
 */
export function encodeJson(
  value: unknown,
  suffix: string,
  buffers: AnswerBuffers,
  sizeHint: number,
): EncodedJson | undefined {
  if (inheritsEnumerableProperties()) return undefined;
  const writer = new JsonWriter(buffers, sizeHint);
  try {
    if (writer.writeValue('', value)) {
      writer.writeText(suffix);
      return writer.finish();
    }
  } catch {
    // Written again by JSON.stringify, which throws what is wrong.
  }
  writer.abandon();
  return undefined;
}

function inheritsEnumerableProperties(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

class JsonWriter {
  private buffer: Buffer;
  /** The buffer's bytes four at a time, to look for bytes to escape a word at a time. */
  private words: Uint32Array;
  private pooled: boolean;
  private position = 0;
  /** Long strings of this answer found to need no escape, one per slot (see `writeString`). */
  private readonly clean: (string | undefined)[] = new Array(CLEAN_SLOTS).fill(undefined);
  /** Where each kept string's JSON (quotes included) lies in the buffer. */
  private readonly cleanStart = new Int32Array(CLEAN_SLOTS);
  private readonly cleanEnd = new Int32Array(CLEAN_SLOTS);

  constructor(
    private readonly buffers: AnswerBuffers,
    sizeHint: number,
  ) {
    const leased = buffers.lease(sizeHint);
    // A hint past the pool's sizes (after one huge answer, say) starts small all the same: the
    // next answer may be small, and a huge one grows by doubling.
    this.buffer =
      leased ?? Buffer.allocUnsafeSlow(Math.min(Math.max(sizeHint, TOKEN_ROOM), LARGEST_FIRST_BUFFER));
    this.words = wordsOf(this.buffer);
    this.pooled = leased !== undefined;
  }

  finish(): EncodedJson {
    const bytes = this.buffer.subarray(0, this.position);
    return this.pooled ? { bytes, pooled: this.buffer } : { bytes };
  }

  abandon(): void {
    if (this.pooled) this.buffers.release(this.buffer);
  }

  /** Writes `value` as the property `key`'s value; false when JSON.stringify would leave it out. */
  writeValue(key: string, value: unknown): boolean {
    const kind = kindOf(value);
    if (kind === SKIP) return false;
    if (kind === FOREIGN) {
      const text = foreignJson(key, value);
      if (text === undefined) return false;
      this.writeText(text);
      return true;
    }
    this.writeKnown(kind, value);
    return true;
  }

  writeText(text: string): void {
    this.ensure(text.length * 3);
    this.position += this.buffer.write(text, this.position);
  }

  private writeKnown(kind: Kind, value: unknown): void {
    if (kind === STRING) this.writeString(value as string);
    else if (kind === NUMBER) this.writeNumber(value as number);
    else if (kind === OBJECT) this.writeObject(value as Record<string, unknown>);
    else if (kind === ARRAY) this.writeArray(value as readonly unknown[]);
    else this.writeAscii(kind === TRUE ? 'true' : kind === FALSE ? 'false' : 'null');
  }

  private writeObject(object: Record<string, unknown>): void {
    this.writeByte(OPEN_OBJECT);
    let first = true;
    // Plain and null-prototype objects only, with nothing enumerable inherited: for-in yields
    // the own enumerable keys in JSON.stringify's order, and allocates no array of keys.
    for (const key in object) {
      const value = object[key];
      const kind = kindOf(value);
      if (kind === SKIP) continue;
      let text: string | undefined;
      if (kind === FOREIGN) {
        text = foreignJson(key, value);
        if (text === undefined) continue;
      }
      this.writeKey(key, first);
      first = false;
      if (text === undefined) this.writeKnown(kind, value);
      else this.writeText(text);
    }
    this.writeByte(CLOSE_OBJECT);
  }

  private writeArray(array: readonly unknown[]): void {
    this.writeByte(OPEN_ARRAY);
    for (let index = 0; index < array.length; index += 1) {
      if (index > 0) this.writeByte(COMMA);
      const value = array[index];
      const kind = kindOf(value);
      if (kind === SKIP) this.writeAscii('null');
      else if (kind === FOREIGN) this.writeText(foreignJson(String(index), value) ?? 'null');
      else this.writeKnown(kind, value);
    }
    this.writeByte(CLOSE_ARRAY);
  }

  /**
   * Writes `"key":`, after a comma unless it is the object's first: one room check for all of it,
   * as an answer has a key for every value. A key that is not printable ASCII needing no escape
   * goes through `writeString`. The character loop is `writeShortAscii`'s written out again: shared
   * as a function (or its test as one), V8 did not inline it at every site, and an answer took
   * 1.5-5% more instructions (counted under callgrind).
   */
  private writeKey(key: string, first: boolean): void {
    const length = key.length;
    this.ensure(length + 4);
    const buffer = this.buffer;
    let position = this.position;
    if (!first) buffer[position++] = COMMA;
    const start = position++;
    for (let index = 0; index < length; index += 1) {
      const code = key.charCodeAt(index);
      if (code < FIRST_PRINTABLE || code > LAST_ASCII || code === QUOTE || code === BACKSLASH) {
        this.position = start;
        this.writeString(key);
        this.writeByte(COLON);
        return;
      }
      buffer[position++] = code;
    }
    buffer[start] = QUOTE;
    buffer[position++] = QUOTE;
    buffer[position++] = COLON;
    this.position = position;
  }

  private writeString(text: string): void {
    const length = text.length;
    if (length <= SHORT_STRING && this.writeShortAscii(text, length)) return;
    // An entity that recurs in an answer brings its strings again, mostly the very same strings:
    // one found clean is kept in a slot for its length with where its JSON lies in the buffer, and
    // the same string again is one comparison and a copy of those bytes.
    const slot = length & (CLEAN_SLOTS - 1);
    if (this.clean[slot] === text) {
      const from = this.cleanStart[slot] as number;
      const size = (this.cleanEnd[slot] as number) - from;
      this.ensure(size);
      this.buffer.copyWithin(this.position, from, from + size);
      this.position += size;
      return;
    }
    // Encoded first and looked over after: a search of the bytes a word at a time costs a third
    // of a regular expression's over the characters, and escapes are rare.
    this.ensure(length * 3 + 2);
    const buffer = this.buffer;
    const start = this.position;
    const end = start + 1 + buffer.write(text, start + 1);
    const nonAscii = end - start - 1 !== length;
    if (hasByteToEscape(buffer, this.words, start + 1, end) || (nonAscii && !text.isWellFormed())) {
      this.writeText(JSON.stringify(text));
      return;
    }
    buffer[start] = QUOTE;
    buffer[end] = QUOTE;
    this.position = end + 1;
    this.clean[slot] = text;
    this.cleanStart[slot] = start;
    this.cleanEnd[slot] = end + 1;
  }

  /** Copies a short string of printable ASCII needing no escape; false, having written nothing, otherwise. */
  private writeShortAscii(text: string, length: number): boolean {
    this.ensure(length + 2);
    const buffer = this.buffer;
    const start = this.position;
    let position = start + 1;
    for (let index = 0; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code < FIRST_PRINTABLE || code > LAST_ASCII || code === QUOTE || code === BACKSLASH) return false;
      buffer[position++] = code;
    }
    buffer[start] = QUOTE;
    buffer[position++] = QUOTE;
    this.position = position;
    return true;
  }

  private writeNumber(value: number): void {
    // Most numbers of an answer are small counts, ids and prices: their digits need no string.
    if (value >>> 0 === value) this.writeDigits(value);
    else this.writeAscii(Number.isFinite(value) ? String(value) : 'null');
  }

  /** Writes an integer from 0 to 2^32 - 1 (`-0` too, written `0` as JSON.stringify writes it). */
  private writeDigits(value: number): void {
    let digits = 1;
    while (digits < POWERS_OF_TEN.length && value >= (POWERS_OF_TEN[digits] as number)) digits += 1;
    this.ensure(digits);
    const buffer = this.buffer;
    let position = this.position + digits;
    this.position = position;
    let rest = value;
    do {
      const next = (rest / 10) >>> 0;
      buffer[--position] = ZERO + rest - next * 10;
      rest = next;
    } while (rest > 0);
  }

  private writeByte(byte: number): void {
    this.ensure(1);
    this.buffer[this.position++] = byte;
  }

  /** Writes text known to be ASCII and at most TOKEN_ROOM long (a number, a keyword). */
  private writeAscii(text: string): void {
    this.ensure(TOKEN_ROOM);
    const buffer = this.buffer;
    let position = this.position;
    for (let index = 0; index < text.length; index += 1) buffer[position++] = text.charCodeAt(index);
    this.position = position;
  }

  private ensure(bytes: number): void {
    if (this.position + bytes > this.buffer.length) this.grow(bytes);
  }

  private grow(bytes: number): void {
    const needed = this.position + bytes;
    const size = Math.max(needed, this.buffer.length * 2);
    const leased = this.buffers.lease(size);
    const next = leased ?? Buffer.allocUnsafeSlow(size);
    this.buffer.copy(next, 0, 0, this.position);
    if (this.pooled) this.buffers.release(this.buffer);
    this.buffer = next;
    this.words = wordsOf(next);
    this.pooled = leased !== undefined;
  }
}

/** The whole words of `buffer` (its bytes start at a multiple of four: a buffer of its own or the pool's). */
function wordsOf(buffer: Buffer): Uint32Array {
  return new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
}

/**
 * Whether bytes `from` to `to` hold `"`, `\` or a control character, which JSON escapes. UTF-8
 * holds them only as themselves: every byte of a multi-byte character is 0x80 or above. Whole
 * words are tested four bytes at once: each of the three tests below leaves a high bit set exactly
 * when some byte of the word is below 0x20, equal to 0x22, or equal to 0x5c.
 */
function hasByteToEscape(bytes: Buffer, words: Uint32Array, from: number, to: number): boolean {
  const firstWord = (from + 3) >>> 2;
  const endWord = to >>> 2;
  if (firstWord >= endWord) return hasByteToEscapeIn(bytes, from, to);
  if (hasByteToEscapeIn(bytes, from, firstWord << 2)) return true;
  for (let index = firstWord; index < endWord; index += 1) {
    const word = words[index] as number;
    const quotes = word ^ 0x22222222;
    const backslashes = word ^ 0x5c5c5c5c;
    const below = (word - 0x20202020) & ~word;
    const quote = (quotes - 0x01010101) & ~quotes;
    const backslash = (backslashes - 0x01010101) & ~backslashes;
    if ((below | quote | backslash) & 0x80808080) return true;
  }
  return hasByteToEscapeIn(bytes, endWord << 2, to);
}

function hasByteToEscapeIn(bytes: Buffer, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    const byte = bytes[index] as number;
    if (byte < FIRST_PRINTABLE || byte === QUOTE || byte === BACKSLASH) return true;
  }
  return false;
}

function kindOf(value: unknown): Kind {
  // Strings and numbers first: most values of an answer are.
  if (typeof value === 'string') return STRING;
  if (typeof value === 'number') return NUMBER;
  if (typeof value === 'object') {
    if (value === null) return NULL;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return FOREIGN;
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) return OBJECT;
    return prototype === Array.prototype && Array.isArray(value) ? ARRAY : FOREIGN;
  }
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  // undefined, functions and symbols are left out of objects, null in arrays.
  return typeof value === 'bigint' ? FOREIGN : SKIP;
}

/**
 * `value` as JSON.stringify writes it as the property `key` (which `toJSON` receives), or
 * undefined where it leaves the property out.
 */
function foreignJson(key: string, value: unknown): string | undefined {
  const text = JSON.stringify({ [key]: value });
  // `{"key":` before the value, `}` after it; `{}` when the property is left out.
  return text === '{}' ? undefined : text.slice(JSON.stringify(key).length + 2, -1);
}
