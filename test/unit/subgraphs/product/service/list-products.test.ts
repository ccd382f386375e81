import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../../subgraphs/product/domain/category.js';
import { ProductCursor } from '../../../../../subgraphs/product/service/product-cursor.js';
import { SequentialIdGenerator } from '../../../../../subgraphs/shared/adapters/id-generators.js';
import { aProduct, aProductApp } from '../../../../helpers/product-builders.js';

describe('ListProducts', () => {
  let app: ReturnType<typeof aProductApp>;
  beforeAll(() => {
    app = aProductApp({ seed: true });
  });

  it('gives the first 20 products in id order by default', async () => {
    const page = await app.useCases.listProducts.execute({});

    expect(page.products.map((product) => product.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`),
    );
    expect(page).toMatchObject({
      hasNextPage: true,
      totalCount: 1_000,
      endCursor: ProductCursor.encode('p-0020'),
    });
  });

  it('walks the whole catalog page by page without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await app.useCases.listProducts.execute({ first: 100, after });
      seen.push(...page.products.map((product) => product.id));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }

    expect(seen).toHaveLength(1_000);
    expect(new Set(seen).size).toBe(1_000);
    expect(seen).toEqual([...seen].sort());
  });

  it('ends with an empty page that has no cursor', async () => {
    const page = await app.useCases.listProducts.execute({ after: ProductCursor.encode('p-1000') });
    expect(page).toEqual({ products: [], endCursor: null, hasNextPage: false, totalCount: 1_000 });
  });

  it('filters by category and counts only that category', async () => {
    let total = 0;
    for (const category of CATEGORIES) {
      const page = await app.useCases.listProducts.execute({ first: 100, category });
      expect(page.products.length, category).toBeGreaterThan(0);
      expect(page.products.every((product) => product.category === category)).toBe(true);
      total += page.totalCount;
    }
    expect(total).toBe(1_000);
  });

  it('places a new product in id order', async () => {
    const fresh = aProductApp({ seed: true, ids: new SequentialIdGenerator('q') });
    const created = await fresh.useCases.createProduct.execute(aProduct({ sku: 'TY-9999-AA' }));

    const page = await fresh.useCases.listProducts.execute({
      first: 5,
      after: ProductCursor.encode('p-1000'),
    });

    expect(created.id).toBe('q-1');
    expect(page.products.map((product) => product.id)).toEqual(['q-1']);
    expect(page.totalCount).toBe(1_001);
  });

  it('refuses a page size out of range and a forged cursor, naming the argument', async () => {
    await expect(app.useCases.listProducts.execute({ first: 101 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    await expect(app.useCases.listProducts.execute({ after: 'p-0010' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});
