import { describe, expect, it } from 'vitest';
import { MemoryUnitOfWork } from '../../../../../subgraphs/inventory/adapters/memory-unit-of-work.js';
import { writeStockLevels } from '../../../../../subgraphs/inventory/adapters/seed-catalog.js';
import { InsufficientStock } from '../../../../../subgraphs/inventory/domain/errors.js';
import { StockLevel } from '../../../../../subgraphs/inventory/domain/stock-level.js';
import { Conflict } from '../../../../../subgraphs/kernel/domain-error.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import {
  aChangeContext,
  aStockSnapshot,
  outboxOf,
  RacingMemoryStore,
} from '../../../../helpers/inventory-builders.js';

function storeWith<TStore extends MemoryStore>(store: TStore): TStore {
  writeStockLevels(store, [aStockSnapshot({ onHand: 10, reserved: 0 })]);
  return store;
}

function reservedIn(store: MemoryStore): number | undefined {
  return store.get<{ reserved: number }>('stock-levels', 'p-0001:AMS')?.value.reserved;
}

describe('MemoryUnitOfWork', () => {
  it('commits every saved aggregate together with its events', async () => {
    const store = storeWith(new MemoryStore());
    await new MemoryUnitOfWork(store).run(async (tx) => {
      const level = (await tx.stock.get('p-0001', 'AMS'))!;
      const reservation = level.reserve(2, 'r-1', aChangeContext());
      await tx.stock.save(level);
      await tx.reservations.save(reservation);
    });
    expect(reservedIn(store)).toBe(2);
    expect(store.get('reservations', 'r-1')?.value).toMatchObject({ status: 'ACTIVE', quantity: 2 });
    expect((await outboxOf(store)).map((event) => event.type)).toEqual(['StockReserved']);
  });

  it('writes nothing when the work throws after saving', async () => {
    const store = storeWith(new MemoryStore());
    const attempt = new MemoryUnitOfWork(store).run(async (tx) => {
      const level = (await tx.stock.get('p-0001', 'AMS'))!;
      const reservation = level.reserve(2, 'r-1', aChangeContext());
      await tx.stock.save(level);
      await tx.reservations.save(reservation);
      throw new Error('payment declined');
    });
    await expect(attempt).rejects.toThrow('payment declined');
    expect(reservedIn(store)).toBe(0);
    expect(store.get('reservations', 'r-1')).toBeUndefined();
    expect(await outboxOf(store)).toEqual([]);
  });

  it('lets reads see the writes staged earlier in the same unit of work', async () => {
    const store = new MemoryStore();
    const inventory = await new MemoryUnitOfWork(store).run(async (tx) => {
      const level = StockLevel.empty('p-0007', 'LIS');
      level.adjust(4, aChangeContext());
      await tx.stock.save(level);
      return tx.stock.getInventory('p-0007');
    });
    expect(inventory.onHand).toBe(4);
  });

  it('runs the work again on fresh state when its commit loses a race', async () => {
    const store = storeWith(new RacingMemoryStore());
    store.beforeNextCommit((rival) => writeStockLevels(rival, [aStockSnapshot({ onHand: 10, reserved: 6 })]));
    const seen: number[] = [];
    await new MemoryUnitOfWork(store).run(async (tx) => {
      const level = (await tx.stock.get('p-0001', 'AMS'))!;
      seen.push(level.reserved);
      level.reserve(3, `r-${seen.length}`, aChangeContext());
      await tx.stock.save(level);
    });
    expect(seen).toEqual([0, 6]);
    expect(reservedIn(store)).toBe(9);
    expect(await outboxOf(store)).toHaveLength(1);
  });

  it('answers from the state the winner left, not from the race', async () => {
    const store = storeWith(new RacingMemoryStore());
    store.beforeNextCommit((rival) => writeStockLevels(rival, [aStockSnapshot({ onHand: 10, reserved: 8 })]));
    const attempt = new MemoryUnitOfWork(store).run(async (tx) => {
      const level = (await tx.stock.get('p-0001', 'AMS'))!;
      level.reserve(3, 'r-1', aChangeContext());
      await tx.stock.save(level);
    });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientStock);
    expect(reservedIn(store)).toBe(8);
  });

  it('lets the version conflict surface once maxAttempts races are lost', async () => {
    const store = storeWith(new RacingMemoryStore());
    for (let i = 1; i <= 3; i += 1)
      store.beforeNextCommit((rival) =>
        writeStockLevels(rival, [aStockSnapshot({ onHand: 10, reserved: i })]),
      );
    let attempts = 0;
    const attempt = new MemoryUnitOfWork(store, 3).run(async (tx) => {
      attempts += 1;
      const level = (await tx.stock.get('p-0001', 'AMS'))!;
      level.adjust(1, aChangeContext());
      await tx.stock.save(level);
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/concurrently/),
    });
    expect(attempts).toBe(3);
    expect(store.get<{ onHand: number }>('stock-levels', 'p-0001:AMS')?.value.onHand).toBe(10);
    expect(await outboxOf(store)).toEqual([]);
  });

  it('does not retry a Conflict the work itself throws', async () => {
    const store = storeWith(new MemoryStore());
    let attempts = 0;
    const attempt = new MemoryUnitOfWork(store).run(async () => {
      attempts += 1;
      throw new Conflict('already done');
    });
    await expect(attempt).rejects.toThrow('already done');
    expect(attempts).toBe(1);
  });
});
