import { describe, expect, it } from 'vitest';
import { defaultOperationLimits } from '../../../../gateway/src/config/security-config.js';
import {
  AcceptedOperationTexts,
  checkRecurringOperationText,
} from '../../../../gateway/src/security/accepted-operation-texts.js';

const limits = defaultOperationLimits;
const deep = `{${'a{'.repeat(1_000)}b${'}'.repeat(1_000)}}`;
const bounds = { maxTexts: 3, maxCharacters: 100, maxTextLength: 40 };

describe('AcceptedOperationTexts', () => {
  it('remembers an accepted text and accepts it again without scanning', () => {
    const texts = new AcceptedOperationTexts(limits, bounds);
    const text = '{ products(first: 10) { id } }';
    expect(texts.remembers(text)).toBe(false);
    expect(texts.check(text)).toBeUndefined();
    expect(texts.remembers(text)).toBe(true);
    expect(texts.check(text)).toBeUndefined();
    expect(texts.size).toBe(1);
  });

  it('refuses a text each time it comes, with a fresh error, and never remembers it', () => {
    const texts = new AcceptedOperationTexts(limits);
    const first = texts.check(deep);
    const second = texts.check(deep);
    expect(first?.extensions.code).toBe('OPERATION_TOO_DEEP');
    expect(second?.extensions).toEqual(first?.extensions);
    expect(second).not.toBe(first);
    expect(texts.remembers(deep)).toBe(false);
  });

  it('decides by the limits it was made with: the same text refused under tighter ones', () => {
    const text = '{ a b c d e }';
    expect(new AcceptedOperationTexts(limits).check(text)).toBeUndefined();
    expect(new AcceptedOperationTexts({ ...limits, maxFields: 4 }).check(text)?.extensions.code).toBe(
      'OPERATION_TOO_MANY_FIELDS',
    );
    expect(checkRecurringOperationText(text, limits)).toBeUndefined();
    expect(checkRecurringOperationText(text, { ...limits, maxFields: 4 })?.extensions.code).toBe(
      'OPERATION_TOO_MANY_FIELDS',
    );
  });

  it('scans texts longer than maxTextLength every time', () => {
    const texts = new AcceptedOperationTexts(limits, bounds);
    const long = `{ ${'id '.repeat(20)}}`;
    expect(long.length).toBeGreaterThan(bounds.maxTextLength);
    expect(texts.check(long)).toBeUndefined();
    expect(texts.remembers(long)).toBe(false);
  });

  it('forgets the least recently used text beyond maxTexts', () => {
    const texts = new AcceptedOperationTexts(limits, bounds);
    for (const text of ['{ a }', '{ b }', '{ c }']) texts.check(text);
    texts.check('{ a }');
    texts.check('{ d }');
    expect(texts.size).toBe(3);
    expect(texts.remembers('{ b }')).toBe(false);
    expect(['{ a }', '{ c }', '{ d }'].every((text) => texts.remembers(text))).toBe(true);
  });

  it('keeps the characters of all remembered texts within maxCharacters', () => {
    const texts = new AcceptedOperationTexts(limits, { ...bounds, maxTexts: 1_000 });
    const distinct = Array.from({ length: 20 }, (_, i) => `{ field${i} other${i} }`);
    for (const text of distinct) expect(texts.check(text)).toBeUndefined();
    const remembered = distinct.filter((text) => texts.remembers(text));
    expect(remembered.reduce((sum, text) => sum + text.length, 0)).toBeLessThanOrEqual(bounds.maxCharacters);
    expect(remembered).toEqual(distinct.slice(-remembered.length));
  });
});
