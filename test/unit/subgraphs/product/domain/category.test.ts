import { describe, expect, it } from 'vitest';
import { CATEGORIES, isCategory, parseCategory } from '../../../../../subgraphs/product/domain/category.js';

describe('category', () => {
  it('accepts each of the fixed categories', () => {
    for (const category of CATEGORIES) expect(parseCategory(category)).toBe(category);
  });

  it('refuses an unknown category, listing the known ones', () => {
    expect(() => parseCategory('FOOD')).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        field: 'category',
        message: expect.stringContaining('"FOOD": expected one of BOOKS, ELECTRONICS'),
      }),
    );
  });

  it('is case-sensitive, like the GraphQL enum', () => {
    expect(isCategory('books')).toBe(false);
    expect(isCategory(7)).toBe(false);
  });
});
