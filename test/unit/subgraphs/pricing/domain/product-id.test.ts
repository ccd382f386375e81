import { describe, expect, it } from 'vitest';
import { InvalidProductId } from '../../../../../subgraphs/pricing/domain/errors.js';
import { parseProductId } from '../../../../../subgraphs/pricing/domain/product-id.js';

describe('parseProductId', () => {
  it('accepts a seeded id and a generated one', () => {
    expect(parseProductId('p-0001')).toBe('p-0001');
    expect(parseProductId('7b0c8e2a-3f7e-4f4e-9d59-0b8f6f2d9a11')).toBe(
      '7b0c8e2a-3f7e-4f4e-9d59-0b8f6f2d9a11',
    );
  });

  it.each(['', '   ', ' p-1', 'p-1 ', 'x'.repeat(129), undefined, 7])(
    'refuses %j, naming productId',
    (id) => {
      expect(() => parseProductId(id)).toThrow(InvalidProductId);
      expect(() => parseProductId(id)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'productId' }),
      );
    },
  );
});
