import { describe, expect, it } from 'vitest';
import { AnswerBuffers } from '../../../../gateway/src/request/answer-buffers.js';
import { encodeJson } from '../../../../gateway/src/request/json-encoder.js';

const limits = { minBytes: 1_024, maxBytes: 65_536, maxIdleBytes: 262_144 };

/** What Apollo Server would write, as bytes. */
const expected = (value: unknown, suffix = '\n') => Buffer.from(`${JSON.stringify(value)}${suffix}`);

function encoded(value: unknown, sizeHint = 0, buffers = new AnswerBuffers(limits)): Buffer | undefined {
  return encodeJson(value, '\n', buffers, sizeHint)?.bytes;
}

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CHARACTERS = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '✓',
  '😀',
  '\ud800',
  '\udfff',
  '\u2028',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  7,
  42,
  9,
  10,
  100,
  999_999_999,
  1_000_000_000,
  4_294_967_295,
  4_294_967_296,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  1e21,
  1e-7,
  0.1,
  -3.5,
  123.456e10,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
];

function randomString(next: () => number): string {
  const length = next() < 0.8 ? Math.floor(next() * 12) : Math.floor(next() * 600);
  let text = '';
  const plain = next() < 0.6;
  for (let index = 0; index < length; index += 1) {
    text += plain
      ? String.fromCharCode(0x61 + Math.floor(next() * 26))
      : (CHARACTERS[Math.floor(next() * CHARACTERS.length)] ?? '');
  }
  return text;
}

function randomValue(next: () => number, depth: number): unknown {
  const roll = next();
  if (depth > 4 || roll < 0.35) {
    const leaf = Math.floor(next() * 6);
    if (leaf === 0) return randomString(next);
    if (leaf === 1) return NUMBERS[Math.floor(next() * NUMBERS.length)];
    if (leaf === 2) return Math.floor(next() * 2_000_000) - 1_000_000;
    if (leaf === 3) return next() < 0.5;
    if (leaf === 4) return null;
    return [undefined, () => 1, Symbol('s')][Math.floor(next() * 3)];
  }
  if (roll < 0.6) return Array.from({ length: Math.floor(next() * 6) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = next() < 0.2 ? Object.create(null) : {};
  const size = Math.floor(next() * 6);
  for (let index = 0; index < size; index += 1) {
    const key = next() < 0.7 ? randomString(next).slice(0, 8) || 'k' : String(Math.floor(next() * 20));
    object[key] = randomValue(next, depth + 1);
  }
  return object;
}

describe('JSON encoded straight into bytes', () => {
  it('writes what JSON.stringify writes, for thousands of random values', () => {
    const next = random(20261207);
    for (let round = 0; round < 3_000; round += 1) {
      const value = { data: randomValue(next, 0), n: round };
      const bytes = encoded(value, round % 7 === 0 ? 0 : 2_048);
      expect(bytes?.equals(expected(value)), `round ${round}: ${JSON.stringify(value).slice(0, 200)}`).toBe(
        true,
      );
    }
  });

  it('escapes what JSON.stringify escapes, and encodes the rest as UTF-8', () => {
    const strings = [
      '',
      'plain',
      'a "quoted" \\ back\\slash',
      'controls \u0000\u0001\b\f\n\r\t\u001f and \u007f',
      'ünïcødé ✓ and 😀 paired',
      'lone \ud800 high, lone \udfff low, reversed \udfff\ud800',
      '\u2028\u2029 separators',
      `${'x'.repeat(31)}"`,
      `${'x'.repeat(32)}é`,
      `${'long '.repeat(400)}\n`,
    ];
    for (const text of strings) {
      const value = { [text]: text, list: [text, { text }] };
      expect(encoded(value)?.toString('utf8')).toBe(`${JSON.stringify(value)}\n`);
      expect(encoded(value)?.equals(expected(value))).toBe(true);
    }
  });

  it('finds a character to escape wherever it lies in a long string, at any alignment', () => {
    for (const special of ['"', '\\', '\n', '\u0000', '\u001f', '\ud83d', '\ude00']) {
      for (const lead of ['', 'é', 'ab', '✓c']) {
        for (let length = 33; length <= 45; length += 1) {
          for (let at = 0; at < length; at += 1) {
            const text = lead + 'x'.repeat(at) + special + 'y'.repeat(length - at - 1);
            const value = [text, { [lead]: text }];
            expect(encoded(value)?.equals(expected(value)), JSON.stringify(text)).toBe(true);
          }
        }
      }
    }
  });

  it('escapes a long string after a clean one of the same length, and writes a repeat of either the same', () => {
    const clean = 'a'.repeat(40);
    const escaped = `${'a'.repeat(39)}"`;
    const lone = `${'a'.repeat(39)}\ud800`;
    const value = [clean, escaped, clean, lone, 'a'.repeat(40), escaped, { clean, escaped, lone }];
    expect(encoded(value)?.equals(expected(value))).toBe(true);
  });

  it('copies a repeated long string from where it was first written, also after the buffer grew', () => {
    const long = (letter: string) => `${letter.repeat(50)} ✓ ${'z'.repeat(50)}`;
    const strings = ['a', 'b', 'c'].map(long);
    // Same slot (same length), more strings than slots, and growth between a string and its repeats.
    const value = Array.from({ length: 40 }, (_, index) => ({
      text: strings[index % 3],
      other: `${'q'.repeat(index + 33)}`,
      again: strings[(index + 1) % 3],
    }));
    for (const hint of [0, 64, 1_024]) {
      expect(encoded(value, hint)?.equals(expected(value)), `hint ${hint}`).toBe(true);
    }
  });

  it('writes numbers, keywords and left-out values as JSON.stringify does', () => {
    const value = {
      numbers: NUMBERS,
      flags: [true, false, null],
      skipped: undefined,
      fn: () => 1,
      symbol: Symbol('s'),
      inArray: [undefined, () => 1, Symbol('s')],
      // biome-ignore lint/suspicious/noSparseArray: a hole is written as null, as JSON.stringify does.
      holes: [1, , 3],
    };
    expect(encoded(value)?.toString()).toBe(`${JSON.stringify(value)}\n`);
  });

  it('keeps the key order JSON.stringify keeps, including integer-like and own __proto__ keys', () => {
    const value = JSON.parse('{"b":1,"2":2,"a":3,"1":4,"__proto__":{"x":5}}');
    const nullPrototype = Object.assign(Object.create(null), { z: 1, 10: 2, y: 3 });
    expect(encoded({ value, nullPrototype })?.toString()).toBe(
      `${JSON.stringify({ value, nullPrototype })}\n`,
    );
  });

  it('writes anything but plain objects and arrays as JSON.stringify does: toJSON with its key, class instances, boxed values', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    class Tagged extends Array<number> {}
    const keysSeen: string[] = [];
    const withToJson = {
      toJSON(key: string) {
        keysSeen.push(key);
        return key === 'hidden' ? undefined : { seenAs: key };
      },
    };
    const value = {
      when: new Date(Date.UTC(2026, 11, 7)),
      point: new Point(1, 2),
      boxed: [new Number(3), new String('s'), new Boolean(false)],
      map: new Map([[1, 2]]),
      tagged: Tagged.from([1, 2]),
      custom: withToJson,
      hidden: withToJson,
      list: [withToJson],
    };
    const text = `${JSON.stringify(value)}\n`;
    const seenByStringify = keysSeen.splice(0);
    expect(encoded(value)?.toString()).toBe(text);
    expect(keysSeen).toEqual(seenByStringify);
  });

  it('grows its buffer as it writes, from any starting size, and gives back what it outgrew', () => {
    const value = {
      items: Array.from({ length: 3_000 }, (_, index) => ({ index, note: `item ${index} ✓` })),
    };
    for (const hint of [0, 1, 1_024, 40_000, 65_536, 200_000]) {
      const buffers = new AnswerBuffers(limits);
      const result = encodeJson(value, '\n', buffers, hint);
      expect(result?.bytes.equals(expected(value)), `hint ${hint}`).toBe(true);
      // Larger than the pool's largest buffer: a buffer of its own, nothing to give back.
      expect(result?.pooled).toBeUndefined();
    }
    // After a huge answer, a small one does not start in a buffer the huge one's size.
    const afterHuge = encodeJson({ few: [1] }, '', new AnswerBuffers(limits), 50_000_000);
    expect(afterHuge?.bytes.toString()).toBe('{"few":[1]}');
    expect(afterHuge?.bytes.buffer.byteLength).toBeLessThanOrEqual(65_536);
    const buffers = new AnswerBuffers(limits);
    const small = encodeJson({ few: [1, 2, 3] }, '', buffers, 1_024);
    expect(small?.pooled?.length).toBe(1_024);
    expect(small?.bytes.toString()).toBe('{"few":[1,2,3]}');
  });

  it('leases nothing and returns undefined where JSON.stringify would fail or differ', () => {
    const buffers = new AnswerBuffers(limits);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(encodeJson({ data: cyclic }, '\n', buffers, 2_048)).toBeUndefined();
    expect(encodeJson({ data: { n: 10n } }, '\n', buffers, 2_048)).toBeUndefined();
    expect(encodeJson(undefined, '\n', buffers, 2_048)).toBeUndefined();
    // The buffer leased for each attempt went back to the pool.
    const first = buffers.lease(2_048);
    const second = buffers.lease(2_048);
    expect(first?.buffer).not.toBe(second?.buffer);
    buffers.release(first as Buffer);
    expect(encodeJson({ data: cyclic }, '\n', buffers, 2_048)).toBeUndefined();
    expect(buffers.lease(2_048)).toBe(first);

    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 1;
    try {
      expect(encodeJson({ data: { n: 1 } }, '\n', buffers, 2_048)).toBeUndefined();
    } finally {
      delete prototype.polluted;
    }
    expect(encodeJson({ data: { n: 1 } }, '\n', buffers, 2_048)?.bytes.toString()).toBe('{"data":{"n":1}}\n');
  });
});
