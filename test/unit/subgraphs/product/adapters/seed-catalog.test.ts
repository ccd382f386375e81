import { describe, expect, it } from 'vitest';
import { seedCatalog, seedProductSnapshots } from '../../../../../subgraphs/product/adapters/seed-catalog.js';
import { CATEGORIES } from '../../../../../subgraphs/product/domain/category.js';
import { Sku } from '../../../../../subgraphs/product/domain/sku.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { SEED_EPOCH } from '../../../../../subgraphs/shared/seed.js';

describe('seedProductSnapshots', () => {
  const catalog = seedProductSnapshots();

  it('derives the same 1,000 products p-0001..p-1000 on every call', () => {
    expect(catalog).toHaveLength(1_000);
    expect(catalog[0]?.id).toBe('p-0001');
    expect(catalog.at(-1)?.id).toBe('p-1000');
    expect(seedProductSnapshots()).toEqual(catalog);
  });

  it('spreads products over every category', () => {
    const counts = new Map(CATEGORIES.map((category) => [category, 0]));
    for (const product of catalog) counts.set(product.category, (counts.get(product.category) ?? 0) + 1);
    for (const count of counts.values()) expect(count).toBeGreaterThan(50);
  });

  it('gives every product a unique well-formed sku, a name and a positive weight', () => {
    expect(new Set(catalog.map((product) => product.sku)).size).toBe(1_000);
    for (const product of catalog) {
      expect(Sku.parse(product.sku).value).toBe(product.sku);
      expect(product.name.trim()).not.toBe('');
      expect(Number.isInteger(product.weightGrams) && product.weightGrams > 0).toBe(true);
    }
  });

  it('dates product i at SEED_EPOCH plus i minutes', () => {
    expect(catalog[0]?.createdAt).toBe(new Date(Date.parse(SEED_EPOCH) + 60_000).toISOString());
    expect(catalog[999]?.createdAt).toBe(new Date(Date.parse(SEED_EPOCH) + 1_000 * 60_000).toISOString());
    expect(catalog.every((product) => product.updatedAt === product.createdAt)).toBe(true);
  });
});

describe('seedCatalog', () => {
  it('fills the store and the sku index without putting events in the outbox', async () => {
    const store = new MemoryStore();

    expect(seedCatalog(store)).toBe(1_000);

    expect(store.all('products')).toHaveLength(1_000);
    expect(store.get('products', 'p-0500')).toMatchObject({ version: 1 });
    const sku = seedProductSnapshots(1)[0]!.sku;
    expect(store.get('product-skus', sku)?.value).toEqual({ productId: 'p-0001' });
    expect(await store.pending(10)).toEqual([]);
  });

  it('leaves a store that already holds products as it is', () => {
    const store = new MemoryStore();
    seedCatalog(store, 3);

    expect(seedCatalog(store)).toBe(0);
    expect(store.all('products')).toHaveLength(3);
  });
});
