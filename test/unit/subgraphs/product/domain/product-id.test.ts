import { describe, expect, it } from 'vitest';
import { parseProductId } from '../../../../../subgraphs/product/domain/product-id.js';

describe('parseProductId', () => {
  it('keeps a usable id as it is', () => {
    expect(parseProductId('p-0001')).toBe('p-0001');
  });

  it.each([
    ['', /id must not be blank/],
    ['  ', /id must not be blank/],
    ['x'.repeat(129), /at most 128 characters \(got 129\)/],
    [12, /must be a string \(got number\)/],
    [undefined, /must be a string \(got undefined\)/],
  ])('refuses %j as bad input naming the field', (value, reason) => {
    expect(() => parseProductId(value)).toThrow(reason);
    expect(() => parseProductId(value, 'productId')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'productId' }),
    );
  });
});
