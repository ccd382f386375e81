import { describe, expect, it } from 'vitest';
import { APP_INSTANT, aProduct, aProductApp } from '../../../../helpers/product-builders.js';

describe('CreateProduct', () => {
  it('stores the product and puts ProductCreated in the outbox in the same commit', async () => {
    const app = aProductApp();

    const product = await app.useCases.createProduct.execute(aProduct({ sku: 'kt-0100-aa' }));

    expect(product.id).toBe('id-1');
    expect(app.store.get('products', 'id-1')).toEqual({
      version: 1,
      value: expect.objectContaining({ sku: 'KT-0100-AA', createdAt: APP_INSTANT, updatedAt: APP_INSTANT }),
    });
    const outbox = await app.store.pending(10);
    expect(outbox.map((entry) => entry.event)).toEqual([
      {
        id: 'id-2',
        type: 'ProductCreated',
        aggregateId: 'id-1',
        occurredAt: APP_INSTANT,
        payload: product.toSnapshot(),
      },
    ]);
    expect(await app.useCases.getProduct.execute({ id: 'id-1' })).toMatchObject({ name: product.name });
  });

  it('refuses a sku another product carries, in any letter case, and writes nothing', async () => {
    const app = aProductApp();
    await app.useCases.createProduct.execute(aProduct({ sku: 'BK-0001-AB' }));
    const before = await app.store.pending(10);

    await expect(
      app.useCases.createProduct.execute(aProduct({ sku: 'bk-0001-ab', name: 'Another' })),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'sku' });

    expect(await app.store.pending(10)).toEqual(before);
    expect(app.store.all('products')).toHaveLength(1);
  });

  it('refuses a sku of the seeded catalog', async () => {
    const app = aProductApp({ seed: true });
    const seeded = await app.useCases.getProduct.execute({ id: 'p-0001' });

    await expect(
      app.useCases.createProduct.execute(aProduct({ sku: seeded.sku.value })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('writes nothing when the input is invalid', async () => {
    const app = aProductApp();

    await expect(app.useCases.createProduct.execute(aProduct({ name: ' ' }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });

    expect(app.store.all('products')).toEqual([]);
    expect(app.store.all('product-skus')).toEqual([]);
    expect(await app.store.pending(10)).toEqual([]);
  });

  it('lets exactly one of two racing creations claim a sku', async () => {
    const app = aProductApp();

    const outcomes = await Promise.allSettled([
      app.useCases.createProduct.execute(aProduct({ sku: 'SP-0001-RR', name: 'First' })),
      app.useCases.createProduct.execute(aProduct({ sku: 'SP-0001-RR', name: 'Second' })),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
      reason: expect.objectContaining({ code: 'CONFLICT', field: 'sku' }),
    });
    expect(app.store.all('products')).toHaveLength(1);
    expect(await app.store.pending(10)).toHaveLength(1);
  });
});
