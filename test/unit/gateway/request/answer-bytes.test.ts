import { describe, expect, it } from 'vitest';
import {
  type AnswerBytes,
  claimAnswer,
  releaseAnswer,
  stringifyAnswer,
} from '../../../../gateway/src/request/answer-bytes.js';

const apolloDefault = (result: unknown) => `${JSON.stringify(result)}\n`;

describe('answers encoded as they are serialised', () => {
  it('serialises an unclaimed result as Apollo Server does', () => {
    const result = { errors: [{ message: 'no' }], data: { a: 1 }, extensions: { cost: 3 } };
    expect(stringifyAnswer(result)).toBe(apolloDefault(result));
    expect(stringifyAnswer({ data: null })).toBe('{"data":null}\n');
    expect(stringifyAnswer({ errors: [{ message: 'refused' }] })).toBe(
      apolloDefault({ errors: [{ message: 'refused' }] }),
    );
  });

  it('leaves the bytes of a claimed result in its slot and no text', () => {
    const data = { product: { name: 'Lamp', note: 'ünïcødé ✓' } };
    const result = { errors: [{ message: 'partial', path: ['product', 'price'] }], data };
    const text = apolloDefault(result);
    const slot: AnswerBytes = {};
    claimAnswer(data, slot);
    expect(stringifyAnswer(result)).toBe('');
    expect(slot.bytes?.toString('utf8')).toBe(text);
  });

  it('uses a claim once: the same data serialised again comes back as text', () => {
    const data = { n: 1, nested: { m: 2 } };
    const slot: AnswerBytes = {};
    claimAnswer(data, slot);
    expect(stringifyAnswer({ data })).toBe('');
    expect(slot.bytes?.toString()).toBe('{"data":{"n":1,"nested":{"m":2}}}\n');
    // Encoded, the data let go of its fields.
    expect(data).toEqual({});
    expect(stringifyAnswer({ data })).toBe('{"data":{}}\n');
  });

  it('leaves data it did not encode as it is', () => {
    const data = { n: 1 };
    const result = { data };
    expect(stringifyAnswer(result)).toBe(apolloDefault(result));
    expect(data).toEqual({ n: 1 });
    const other = { n: 2 };
    const first: AnswerBytes = {};
    claimAnswer(other, first);
    first.bytes = Buffer.from('already written');
    expect(stringifyAnswer({ data: other })).toBe('{"data":{"n":2}}\n');
    expect(other).toEqual({ n: 2 });
  });

  it('keeps the first claim of an object, so one request never fills another request’s slot', () => {
    const data = { shared: true };
    const first: AnswerBytes = {};
    const second: AnswerBytes = {};
    claimAnswer(data, first);
    claimAnswer(data, second);
    expect(stringifyAnswer({ data })).toBe('');
    expect(first.bytes).toBeDefined();
    expect(second.bytes).toBeUndefined();
  });

  it('ignores claims of data that is not an object', () => {
    const slot: AnswerBytes = {};
    claimAnswer(null, slot);
    claimAnswer(undefined, slot);
    expect(stringifyAnswer({ data: null })).toBe('{"data":null}\n');
    expect(slot.bytes).toBeUndefined();
  });

  it('encodes a large answer into a pooled buffer, reused once the answer is released', () => {
    const answer = (note: string) => {
      const data = { items: Array.from({ length: 400 }, (_, index) => ({ index, note })) };
      const text = apolloDefault({ data });
      const slot: AnswerBytes = {};
      claimAnswer(data, slot);
      expect(stringifyAnswer({ data })).toBe('');
      return { slot, text };
    };
    const first = answer('ünïcødé ✓');
    expect(first.slot.pooled).toBeDefined();
    expect(first.slot.bytes?.toString('utf8')).toBe(first.text);
    expect(first.slot.bytes?.length).toBe(Buffer.byteLength(first.text));
    const memory = first.slot.bytes?.buffer;

    const meanwhile = answer('plain');
    expect(meanwhile.slot.bytes?.buffer).not.toBe(memory);
    releaseAnswer(first.slot);
    expect(first.slot.bytes).toBeUndefined();
    expect(first.slot.pooled).toBeUndefined();

    const next = answer('après');
    expect(next.slot.bytes?.buffer).toBe(memory);
    expect(next.slot.bytes?.toString('utf8')).toBe(next.text);
    expect(meanwhile.slot.bytes?.toString('utf8')).toBe(meanwhile.text);
  });

  it('encodes a small answer after a large one into the pool too, and takes it back once released', () => {
    const large = { items: Array.from({ length: 400 }, (_, index) => ({ index })) };
    const first: AnswerBytes = {};
    claimAnswer(large, first);
    stringifyAnswer({ data: large });
    releaseAnswer(first);
    const data = { n: 1 };
    const slot: AnswerBytes = {};
    claimAnswer(data, slot);
    stringifyAnswer({ data });
    expect(slot.bytes?.toString()).toBe('{"data":{"n":1}}\n');
    expect(slot.pooled).toBeDefined();
    releaseAnswer(slot);
    expect(slot.bytes).toBeUndefined();
  });

  it('serialises with JSON.stringify what it cannot encode, and throws what JSON.stringify throws', () => {
    const data: Record<string, unknown> = { n: 1n };
    const slot: AnswerBytes = {};
    claimAnswer(data, slot);
    expect(() => stringifyAnswer({ data })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    claimAnswer(cyclic, slot);
    expect(() => stringifyAnswer({ data: cyclic })).toThrow(/circular/);
  });

  it('encodes text whose UTF-8 outgrows its length whole, across buffer sizes', () => {
    const units = ['é', '✓', '😀', 'x'];
    for (const unit of units) {
      for (let count = 1_000; count < 40_000; count = Math.ceil(count * 1.37)) {
        const data = { note: unit.repeat(count) };
        const text = apolloDefault({ data });
        const slot: AnswerBytes = {};
        claimAnswer(data, slot);
        stringifyAnswer({ data });
        expect(slot.bytes?.toString('utf8'), `${count} × ${unit}`).toBe(text);
        releaseAnswer(slot);
      }
    }
  });

  it('encodes whole a text whose multi-byte characters run past the buffer its length leases', () => {
    // `{"data":{"note":"` before the note and `"}}` after it: 20 characters. Up to 8,191
    // characters and the newline lease 8 KiB: the last character that fits leaves 0-3 bytes free.
    for (const character of ['é', '✓', '😀']) {
      for (let length = 8_191 - 4; length <= 8_191; length += 1) {
        for (let count = 1; count <= 8; count += 1) {
          const ascii = length - 20 - count * character.length;
          const data = { note: 'x'.repeat(ascii) + character.repeat(count) };
          const text = apolloDefault({ data });
          const slot: AnswerBytes = {};
          claimAnswer(data, slot);
          stringifyAnswer({ data });
          expect(slot.bytes?.toString('utf8'), `${length}: ${count} × ${character}`).toBe(text);
          releaseAnswer(slot);
        }
      }
    }
  });
});
