import { describe, expect, it } from 'vitest';
import { APP_INSTANT, aProduct, aProductApp } from '../../../../helpers/product-builders.js';

async function appWithProduct(sku = 'HM-0001-AA') {
  const app = aProductApp();
  const product = await app.useCases.createProduct.execute(aProduct({ sku, category: 'HOME' }));
  app.clock.advance(60_000);
  await app.store.markPublished((await app.store.pending(10)).map((entry) => entry.sequence));
  return { app, id: product.id };
}

describe('UpdateProduct', () => {
  it('changes the given fields, keeps the rest and records ProductUpdated with the changes', async () => {
    const { app, id } = await appWithProduct();

    const updated = await app.useCases.updateProduct.execute({
      id,
      changes: { name: 'Reading Lamp', weightGrams: 900 },
    });

    expect(updated.toSnapshot()).toMatchObject({
      sku: 'HM-0001-AA',
      name: 'Reading Lamp',
      weightGrams: 900,
      category: 'HOME',
      createdAt: APP_INSTANT,
      updatedAt: '2026-03-01T09:01:00.000Z',
    });
    expect(app.store.get('products', id)).toMatchObject({ version: 2, value: { name: 'Reading Lamp' } });
    const events = (await app.store.pending(10)).map((entry) => entry.event);
    expect(events).toEqual([expect.objectContaining({ type: 'ProductUpdated', aggregateId: id })]);
    expect(events[0]?.payload).toEqual({ name: 'Reading Lamp', weightGrams: 900 });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const { app } = await appWithProduct();
    await expect(
      app.useCases.updateProduct.execute({ id: 'nope', changes: { name: 'x' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('writes nothing when a change is invalid', async () => {
    const { app, id } = await appWithProduct();

    await expect(
      app.useCases.updateProduct.execute({ id, changes: { name: 'Fine', weightGrams: -1 } }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'weightGrams' });

    expect(app.store.get('products', id)).toMatchObject({ version: 1 });
    expect(await app.store.pending(10)).toEqual([]);
  });

  it('writes nothing when nothing changes', async () => {
    const { app, id } = await appWithProduct();

    await app.useCases.updateProduct.execute({ id, changes: { category: 'HOME' } });

    expect(app.store.get('products', id)).toMatchObject({ version: 1 });
    expect(await app.store.pending(10)).toEqual([]);
  });

  it('refuses a new sku that another product carries, and writes nothing', async () => {
    const { app, id } = await appWithProduct('HM-0001-AA');
    await app.useCases.createProduct.execute(aProduct({ sku: 'HM-0002-BB' }));
    const before = await app.store.pending(10);

    await expect(
      app.useCases.updateProduct.execute({ id, changes: { sku: 'hm-0002-bb' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'sku' });

    expect(app.store.get('products', id)).toMatchObject({ version: 1, value: { sku: 'HM-0001-AA' } });
    expect(await app.store.pending(10)).toEqual(before);
  });

  it('frees the old sku when the sku changes', async () => {
    const { app, id } = await appWithProduct('HM-0001-AA');

    await app.useCases.updateProduct.execute({ id, changes: { sku: 'HM-0001-ZZ' } });
    const other = await app.useCases.createProduct.execute(aProduct({ sku: 'HM-0001-AA' }));

    expect(other.sku.value).toBe('HM-0001-AA');
    await expect(app.useCases.createProduct.execute(aProduct({ sku: 'HM-0001-ZZ' }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('retries on a version conflict so that concurrent updates both land', async () => {
    const { app, id } = await appWithProduct();

    await Promise.all([
      app.useCases.updateProduct.execute({ id, changes: { name: 'Renamed' } }),
      app.useCases.updateProduct.execute({ id, changes: { weightGrams: 1234 } }),
    ]);

    expect(app.store.get('products', id)).toMatchObject({
      version: 3,
      value: { name: 'Renamed', weightGrams: 1234 },
    });
    const payloads = (await app.store.pending(10)).map((entry) => entry.event.payload);
    expect(payloads).toEqual([{ name: 'Renamed' }, { weightGrams: 1234 }]);
  });
});
