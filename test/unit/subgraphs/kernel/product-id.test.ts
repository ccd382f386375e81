import { describe, expect, it } from 'vitest';
import { InvalidProductId, parseProductId } from '../../../../subgraphs/kernel/product-id.js';

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
