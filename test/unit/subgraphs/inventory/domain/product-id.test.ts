import { describe, expect, it } from 'vitest';
import { parseProductId } from '../../../../../subgraphs/inventory/domain/product-id.js';

describe('parseProductId', () => {
  it('accepts a product id', () => {
    expect(parseProductId('p-0001')).toBe('p-0001');
  });

  it.each([
    ['a blank id', '   ', /must not be blank/],
    ['an id padded with spaces', ' p-0001', /must not start or end with spaces/],
    ['an id over 128 characters', 'p'.repeat(129), /at most 128 characters/],
    ['a non-string', 7, /must not be blank/],
  ])('refuses %s as BAD_USER_INPUT naming productId', (_, value, message) => {
    expect(() => parseProductId(value)).toThrow(message);
    expect(() => parseProductId(value)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'productId' }),
    );
  });
});
