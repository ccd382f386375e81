import { describe, expect, it } from 'vitest';
import { Conflict } from '../../../../../subgraphs/kernel/domain-error.js';
import { MemoryUnitOfWork } from '../../../../../subgraphs/product/adapters/memory-unit-of-work.js';
import { SkuAlreadyTaken } from '../../../../../subgraphs/product/domain/errors.js';
import { Product } from '../../../../../subgraphs/product/domain/product.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { aChangeStamp, aProduct } from '../../../../helpers/product-builders.js';

/** A store whose commits always lose the race. */
class AlwaysConflictingStore extends MemoryStore {
  override apply(): void {
    throw new Conflict('moved underneath');
  }
}

describe('MemoryUnitOfWork', () => {
  it('commits the saved product and its events together', async () => {
    const store = new MemoryStore();

    await new MemoryUnitOfWork(store).run(async (tx) => {
      await tx.products.save(Product.create('p-1', aProduct(), aChangeStamp()));
    });

    expect(store.get('products', 'p-1')).toMatchObject({ version: 1 });
    expect((await store.pending(10)).map((entry) => entry.event.type)).toEqual(['ProductCreated']);
  });

  it('writes nothing when the work throws', async () => {
    const store = new MemoryStore();

    await expect(
      new MemoryUnitOfWork(store).run(async (tx) => {
        await tx.products.save(Product.create('p-1', aProduct(), aChangeStamp()));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(store.all('products')).toEqual([]);
    expect(store.all('product-skus')).toEqual([]);
    expect(await store.pending(10)).toEqual([]);
  });

  it('re-runs the whole work on a commit conflict, then lets Conflict surface after 5 attempts', async () => {
    let attempts = 0;

    await expect(
      new MemoryUnitOfWork(new AlwaysConflictingStore()).run(async () => {
        attempts += 1;
      }),
    ).rejects.toBeInstanceOf(Conflict);

    expect(attempts).toBe(5);
  });

  it('does not retry a Conflict the work itself raises', async () => {
    let attempts = 0;

    await expect(
      new MemoryUnitOfWork(new MemoryStore()).run(async () => {
        attempts += 1;
        throw new SkuAlreadyTaken('BK-1');
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'sku' });

    expect(attempts).toBe(1);
  });
});
