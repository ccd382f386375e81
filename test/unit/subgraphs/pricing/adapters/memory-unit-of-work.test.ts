import { describe, expect, it, vi } from 'vitest';
import { Conflict } from '../../../../../subgraphs/kernel/domain-error.js';
import { MemoryUnitOfWork } from '../../../../../subgraphs/pricing/adapters/memory-unit-of-work.js';
import { Price } from '../../../../../subgraphs/pricing/domain/price.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import {
  aChangeContext,
  aPriceInput,
  outboxEvents,
  StoreWithRival,
  storedPrice,
  storePrice,
} from '../../../../helpers/pricing-builders.js';

describe('MemoryUnitOfWork', () => {
  it('commits a saved price and its events together', async () => {
    const store = new MemoryStore();
    await new MemoryUnitOfWork(store).run(async (tx) => {
      await tx.prices.save(Price.create('p-1', aPriceInput({ listAmount: 500 }), aChangeContext()));
    });
    expect(storedPrice(store, 'p-1')).toMatchObject({ version: 1, value: { listAmount: 500 } });
    expect(await outboxEvents(store)).toMatchObject([{ type: 'PriceChanged', aggregateId: 'p-1' }]);
  });

  it('writes nothing when the work throws after saving', async () => {
    const store = new MemoryStore();
    const failure = new Error('work failed');
    await expect(
      new MemoryUnitOfWork(store).run(async (tx) => {
        await tx.prices.save(Price.create('p-1', aPriceInput(), aChangeContext()));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(storedPrice(store, 'p-1')).toBeUndefined();
    expect(await outboxEvents(store)).toEqual([]);
  });

  it('lets the work read what it staged before the commit', async () => {
    const store = new MemoryStore();
    const seen = await new MemoryUnitOfWork(store).run(async (tx) => {
      await tx.prices.save(Price.create('p-1', aPriceInput({ listAmount: 700 }), aChangeContext()));
      return (await tx.prices.get('p-1'))?.listPrice.amount;
    });
    expect(seen).toBe(700);
  });

  it('runs the work again on fresh state when a rival commits first', async () => {
    const store = new StoreWithRival((rival) => storePrice(rival, 'p-1', { listAmount: 2000 }));
    storePrice(store, 'p-1', { listAmount: 1000 });
    store.arm(1);
    const readAmounts: number[] = [];

    await new MemoryUnitOfWork(store).run(async (tx) => {
      const price = (await tx.prices.get('p-1'))!;
      readAmounts.push(price.listPrice.amount);
      price.replace(aPriceInput({ listAmount: 3000 }), aChangeContext());
      await tx.prices.save(price);
    });

    expect(readAmounts).toEqual([1000, 2000]);
    expect(store.attempts).toBe(2);
    expect(storedPrice(store, 'p-1')).toMatchObject({ version: 3, value: { listAmount: 3000 } });
    const events = await outboxEvents(store);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ previous: { listAmount: 2000 } });
  });

  it('reports Conflict after its last attempt, leaving the rival’s write in place', async () => {
    const store = new StoreWithRival((rival) => storePrice(rival, 'p-1', { listAmount: 2000 }));
    storePrice(store, 'p-1', { listAmount: 1000 });
    store.arm(Number.POSITIVE_INFINITY);
    const work = vi.fn(async (tx: Parameters<Parameters<MemoryUnitOfWork['run']>[0]>[0]) => {
      const price = (await tx.prices.get('p-1'))!;
      price.replace(aPriceInput({ listAmount: 3000 }), aChangeContext());
      await tx.prices.save(price);
    });

    await expect(new MemoryUnitOfWork(store, 3).run(work)).rejects.toBeInstanceOf(Conflict);
    expect(work).toHaveBeenCalledTimes(3);
    expect(storedPrice(store, 'p-1')?.value.listAmount).toBe(2000);
    expect(await outboxEvents(store)).toEqual([]);
  });

  it('does not retry a Conflict the work itself throws', async () => {
    const work = vi.fn(async () => {
      throw new Conflict('refused by the domain');
    });
    await expect(new MemoryUnitOfWork(new MemoryStore()).run(work)).rejects.toThrow('refused by the domain');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
