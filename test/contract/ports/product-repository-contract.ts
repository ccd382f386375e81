import { describe, expect, it } from 'vitest';
import { SkuAlreadyTaken } from '../../../subgraphs/product/domain/errors.js';
import { type NewProduct, Product } from '../../../subgraphs/product/domain/product.js';
import { Sku } from '../../../subgraphs/product/domain/sku.js';
import { aChangeStamp, aProduct } from '../../helpers/product-builders.js';
import type { AdapterFactory, ProductPorts } from './storage-adapters.js';

type UnitOfWork = ProductPorts['uow'];

/** Creates and commits a product; resolves to it as stored (version 1). */
async function createProduct(
  uow: UnitOfWork,
  id: string,
  fields: Partial<NewProduct> = {},
): Promise<Product> {
  await uow.run(async (tx) => tx.products.save(Product.create(id, aProduct(fields), aChangeStamp())));
  return (await uow.run((tx) => tx.products.get(id)))!;
}

/**
 * The behaviour every ProductRepository (with the unit of work that hands it out) must have.
 * `makeAdapter` gives a fresh, empty storage each time.
 */
export function describeProductRepositoryContract(
  name: string,
  makeAdapter: AdapterFactory<ProductPorts>,
): void {
  describe(`ProductRepository contract: ${name}`, () => {
    it('finds nothing under an unknown id or sku', async () => {
      const { uow } = makeAdapter();
      await uow.run(async (tx) => {
        expect(await tx.products.get('p-none')).toBeUndefined();
        expect(await tx.products.getMany(['p-none', 'p-other'])).toEqual([undefined, undefined]);
        expect(await tx.products.findBySku(Sku.parse('BK-0000-ZZ'))).toBeUndefined();
      });
    });

    it('returns a committed product as it was saved, at version 1', async () => {
      const { uow } = makeAdapter();
      const created = Product.create('p-1', aProduct(), aChangeStamp());
      await uow.run(async (tx) => tx.products.save(created));

      const found = await uow.run((tx) => tx.products.get('p-1'));
      expect(found?.toSnapshot()).toEqual(created.toSnapshot());
      expect(found?.version).toBe(1);
    });

    it('reads many ids in their order, with holes for unknown ids', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1', { sku: 'BK-0001-AA' });
      await createProduct(uow, 'p-2', { sku: 'BK-0002-AA' });

      const found = await uow.run((tx) => tx.products.getMany(['p-2', 'p-none', 'p-1', 'p-2']));
      expect(found.map((product) => product?.id)).toEqual(['p-2', undefined, 'p-1', 'p-2']);
    });

    it('moves the version on with every committed save', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1');
      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        product.update({ name: 'Renamed' }, aChangeStamp());
        await tx.products.save(product);
      });
      const found = await uow.run((tx) => tx.products.get('p-1'));
      expect(found).toMatchObject({ version: 2, name: 'Renamed' });
    });

    it('shows the unit of work its own saves before they are committed', async () => {
      const { uow } = makeAdapter();
      const seen = await uow.run(async (tx) => {
        await tx.products.save(Product.create('p-1', aProduct({ sku: 'KT-0001-AB' }), aChangeStamp()));
        return {
          byId: (await tx.products.get('p-1'))?.id,
          bySku: (await tx.products.findBySku(Sku.parse('KT-0001-AB')))?.id,
        };
      });
      expect(seen).toEqual({ byId: 'p-1', bySku: 'p-1' });
    });

    it('writes nothing, events included, when the work throws after saving', async () => {
      const { uow, outbox } = makeAdapter();
      const failure = new Error('changed my mind');
      await expect(
        uow.run(async (tx) => {
          await tx.products.save(Product.create('p-1', aProduct(), aChangeStamp()));
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await uow.run((tx) => tx.products.get('p-1'))).toBeUndefined();
      expect(await uow.run((tx) => tx.products.findBySku(Sku.parse(aProduct().sku)))).toBeUndefined();
      expect(await uow.run((tx) => tx.products.findSlice({ limit: 10 }))).toEqual({
        products: [],
        totalCount: 0,
      });
      expect(await outbox.pending(10)).toEqual([]);
    });

    it('commits the events a saved product recorded into the outbox, in order', async () => {
      const { uow, outbox } = makeAdapter();
      await createProduct(uow, 'p-1');
      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        product.update({ name: 'Renamed' }, aChangeStamp());
        await tx.products.save(product);
      });

      const entries = await outbox.pending(10);
      expect(entries.map((entry) => [entry.event.type, entry.event.aggregateId])).toEqual([
        ['ProductCreated', 'p-1'],
        ['ProductUpdated', 'p-1'],
      ]);
      expect(entries[0]!.sequence).toBeLessThan(entries[1]!.sequence);
    });

    it('commits each event once when the work saves a product twice', async () => {
      const { uow, outbox } = makeAdapter();
      await uow.run(async (tx) => {
        const product = Product.create('p-1', aProduct(), aChangeStamp());
        await tx.products.save(product);
        product.update({ name: 'Renamed' }, aChangeStamp());
        await tx.products.save(product);
      });

      const entries = await outbox.pending(10);
      expect(entries.map((entry) => entry.event.type)).toEqual(['ProductCreated', 'ProductUpdated']);
      expect(await uow.run((tx) => tx.products.get('p-1'))).toMatchObject({ version: 1, name: 'Renamed' });
    });

    it('commits only the events of the attempt that won when the work runs again', async () => {
      const { uow, outbox } = makeAdapter();
      await createProduct(uow, 'p-1');
      let attempts = 0;

      await uow.run(async (tx) => {
        attempts += 1;
        const product = (await tx.products.get('p-1'))!;
        if (attempts === 1) await renameProduct(uow, 'p-1', 'Rival');
        product.update({ description: `Attempt ${attempts}` }, aChangeStamp());
        await tx.products.save(product);
      });

      expect(attempts).toBe(2);
      expect((await outbox.pending(10)).map((entry) => [entry.event.type, entry.event.payload])).toEqual([
        ['ProductCreated', expect.objectContaining({ id: 'p-1' })],
        ['ProductUpdated', { name: 'Rival' }],
        ['ProductUpdated', { description: 'Attempt 2' }],
      ]);
    });

    it('finds a product by its sku, and by its new sku only once the sku changed', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1', { sku: 'BK-0001-AA' });
      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        product.update({ sku: 'BK-0001-BB' }, aChangeStamp());
        await tx.products.save(product);
      });

      await uow.run(async (tx) => {
        expect(await tx.products.findBySku(Sku.parse('BK-0001-AA'))).toBeUndefined();
        expect((await tx.products.findBySku(Sku.parse('BK-0001-BB')))?.id).toBe('p-1');
      });
    });

    it('lets another product take a sku once its owner released it', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1', { sku: 'BK-0001-AA' });
      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        product.update({ sku: 'BK-0001-BB' }, aChangeStamp());
        await tx.products.save(product);
      });
      await createProduct(uow, 'p-2', { sku: 'BK-0001-AA' });

      expect((await uow.run((tx) => tx.products.findBySku(Sku.parse('BK-0001-AA'))))?.id).toBe('p-2');
    });

    it('refuses to save a product whose sku belongs to another', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1', { sku: 'BK-0001-AA' });

      await expect(
        uow.run((tx) =>
          tx.products.save(Product.create('p-2', aProduct({ sku: 'BK-0001-AA' }), aChangeStamp())),
        ),
      ).rejects.toBeInstanceOf(SkuAlreadyTaken);
      expect(await uow.run((tx) => tx.products.get('p-2'))).toBeUndefined();
    });

    it('lets exactly one of two concurrent claims of the same sku commit', async () => {
      const { uow } = makeAdapter();
      const claim = (id: string) =>
        uow.run(async (tx) => {
          await tx.products.save(Product.create(id, aProduct({ sku: 'TY-0001-AA' }), aChangeStamp()));
        });

      const outcomes = await Promise.allSettled([claim('p-1'), claim('p-2')]);

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
        reason: expect.objectContaining({ code: 'CONFLICT', field: 'sku' }),
      });
      const owner = await uow.run((tx) => tx.products.findBySku(Sku.parse('TY-0001-AA')));
      const stored = await uow.run((tx) => tx.products.getMany(['p-1', 'p-2']));
      expect(stored.filter(Boolean).map((product) => product!.id)).toEqual([owner!.id]);
    });

    it('slices the catalog in id order after an id, counting every match', async () => {
      const { uow } = makeAdapter();
      for (const [i, id] of ['p-3', 'p-1', 'p-4', 'p-2', 'p-5'].entries())
        await createProduct(uow, id, { sku: `BK-000${i}-AA` });

      const first = await uow.run((tx) => tx.products.findSlice({ limit: 2 }));
      const next = await uow.run((tx) => tx.products.findSlice({ afterId: 'p-2', limit: 2 }));
      const last = await uow.run((tx) => tx.products.findSlice({ afterId: 'p-4', limit: 2 }));
      const beyond = await uow.run((tx) => tx.products.findSlice({ afterId: 'p-5', limit: 2 }));

      expect(first.products.map((product) => product.id)).toEqual(['p-1', 'p-2']);
      expect(next.products.map((product) => product.id)).toEqual(['p-3', 'p-4']);
      expect(last.products.map((product) => product.id)).toEqual(['p-5']);
      expect(beyond.products).toEqual([]);
      expect([first, next, last, beyond].map((slice) => slice.totalCount)).toEqual([5, 5, 5, 5]);
      expect(first.products[0]).toMatchObject({ version: 1, sku: Sku.parse('BK-0001-AA') });
    });

    it('slices one category, and follows a product into the category it moved to', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1', { sku: 'BK-0001-AA', category: 'BOOKS' });
      await createProduct(uow, 'p-2', { sku: 'HM-0002-AA', category: 'HOME' });
      await createProduct(uow, 'p-3', { sku: 'BK-0003-AA', category: 'BOOKS' });
      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        product.update({ category: 'HOME' }, aChangeStamp());
        await tx.products.save(product);
      });

      const books = await uow.run((tx) => tx.products.findSlice({ category: 'BOOKS', limit: 10 }));
      const home = await uow.run((tx) => tx.products.findSlice({ category: 'HOME', limit: 1 }));
      const toys = await uow.run((tx) => tx.products.findSlice({ category: 'TOYS', limit: 10 }));

      expect(books).toMatchObject({ totalCount: 1, products: [expect.objectContaining({ id: 'p-3' })] });
      expect(home).toMatchObject({ totalCount: 2, products: [expect.objectContaining({ id: 'p-1' })] });
      expect(toys).toEqual({ products: [], totalCount: 0 });
    });

    it('runs the work again when a concurrent unit of work commits to the same product first', async () => {
      const { uow } = makeAdapter();
      await createProduct(uow, 'p-1');
      const namesSeen: string[] = [];

      await uow.run(async (tx) => {
        const product = (await tx.products.get('p-1'))!;
        namesSeen.push(product.name);
        if (namesSeen.length === 1) await renameProduct(uow, 'p-1', 'Rival');
        product.update({ description: 'Mine' }, aChangeStamp());
        await tx.products.save(product);
      });

      expect(namesSeen).toEqual([aProduct().name, 'Rival']);
      expect(await uow.run((tx) => tx.products.get('p-1'))).toMatchObject({
        version: 3,
        name: 'Rival',
        description: 'Mine',
      });
    });
  });
}

async function renameProduct(uow: UnitOfWork, id: string, name: string): Promise<void> {
  await uow.run(async (tx) => {
    const product = (await tx.products.get(id))!;
    product.update({ name }, aChangeStamp());
    await tx.products.save(product);
  });
}
