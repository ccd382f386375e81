import { describe, expect, it } from 'vitest';
import { ProductCursor } from '../../../../../subgraphs/product/service/product-cursor.js';
import {
  DEFAULT_PAGE_SIZE,
  parseProductPageRequest,
} from '../../../../../subgraphs/product/service/product-page-request.js';

describe('parseProductPageRequest', () => {
  it('defaults to the first page of 20 in every category', () => {
    expect(parseProductPageRequest({})).toEqual({
      first: DEFAULT_PAGE_SIZE,
      afterId: undefined,
      category: undefined,
    });
    expect(parseProductPageRequest({ first: null, after: null, category: null })).toEqual({
      first: 20,
      afterId: undefined,
      category: undefined,
    });
  });

  it('accepts page sizes from 1 to 100', () => {
    expect(parseProductPageRequest({ first: 1 }).first).toBe(1);
    expect(parseProductPageRequest({ first: 100 }).first).toBe(100);
  });

  it.each([0, -1, 101, 2.5])('refuses first = %d, naming the field', (first) => {
    expect(() => parseProductPageRequest({ first })).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        field: 'first',
        message: expect.stringContaining('1 to 100'),
      }),
    );
  });

  it('resumes after the product a cursor names', () => {
    expect(parseProductPageRequest({ after: ProductCursor.encode('p-0042') }).afterId).toBe('p-0042');
  });

  it('refuses an unknown category', () => {
    expect(() => parseProductPageRequest({ category: 'FOOD' })).toThrow(
      expect.objectContaining({ field: 'category' }),
    );
  });
});

describe('ProductCursor', () => {
  it('round-trips a product id through an opaque base64url string', () => {
    const cursor = ProductCursor.encode('p-0001');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('p-0001');
    expect(ProductCursor.decode(cursor)).toBe('p-0001');
  });

  it.each([
    ['', 'empty'],
    ['not a cursor!', 'not base64url'],
    [`${ProductCursor.encode('p-0001')}=`, 'padded'],
    [ProductCursor.encode('   '), 'a blank id'],
    [Buffer.from([0xff, 0xfe]).toString('base64url'), 'not UTF-8'],
  ])('refuses a cursor that is %j (%s), naming `after`', (cursor) => {
    expect(() => ProductCursor.decode(cursor)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    );
  });
});
