import { describe, expect, it } from 'vitest';
import { InvalidProductId, isProductId, parseProductId } from '../../../../subgraphs/kernel/product-id.js';

describe('parseProductId', () => {
  it('accepts a seeded id and a generated one', () => {
    expect(parseProductId('p-0001')).toBe('p-0001');
    expect(parseProductId('7b0c8e2a-3f7e-4f4e-9d59-0b8f6f2d9a11')).toBe(
      '7b0c8e2a-3f7e-4f4e-9d59-0b8f6f2d9a11',
    );
  });

  it.each([
    ['an empty id', '', /must not be blank/],
    ['a blank id', '   ', /must not be blank/],
    ['an id padded with spaces', ' p-0001', /must not start or end with spaces/],
    ['an id with trailing spaces', 'p-1 ', /must not start or end with spaces/],
    ['an id over 128 characters', 'p'.repeat(129), /at most 128 characters/],
    ['a number', 7, /must not be blank/],
    ['undefined', undefined, /must not be blank/],
  ])('refuses %s as BAD_USER_INPUT naming productId', (_, value, message) => {
    expect(() => parseProductId(value)).toThrow(InvalidProductId);
    expect(() => parseProductId(value)).toThrow(message);
    expect(() => parseProductId(value)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'productId' }),
    );
  });
});

describe('parseProductId naming the argument that held the id', () => {
  it('keeps a usable id as it is', () => {
    expect(parseProductId('p-0001', 'id')).toBe('p-0001');
  });

  it.each([
    ['', /id must not be blank/],
    ['  ', /id must not be blank/],
    [' p-0001', /id must not start or end with spaces/],
    ['p-0001\t', /id must not start or end with spaces/],
    ['x'.repeat(129), /at most 128 characters \(got 129\)/],
    [12, /must be a string \(got number\)/],
    [undefined, /must be a string \(got undefined\)/],
  ])('refuses %j as bad input naming the field', (value, reason) => {
    expect(() => parseProductId(value, 'id')).toThrow(reason);
    expect(() => parseProductId(value, 'id')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id' }),
    );
  });
});

describe('isProductId', () => {
  it('holds for exactly the ids parseProductId accepts', () => {
    for (const value of ['p-0001', 'x'.repeat(128), '', ' ', ' p-1', 'p-1 ', 'x'.repeat(129), 7, null]) {
      let parses = true;
      try {
        parseProductId(value);
      } catch {
        parses = false;
      }
      expect(isProductId(value), JSON.stringify(value)).toBe(parses);
    }
  });
});
