import { describe, expect, it } from 'vitest';
import { anInventoryApp, aStockSnapshot, NOW, outboxOf } from '../../../../helpers/inventory-builders.js';

describe('AdjustStock', () => {
  it('adds units to stock that exists and records StockAdjusted in the outbox', async () => {
    const app = anInventoryApp([aStockSnapshot({ warehouse: 'BER', onHand: 10, reserved: 3 })]);
    const level = await app.useCases.adjustStock.execute({ productId: 'p-0001', warehouse: 'BER', delta: 5 });
    expect(level.toSnapshot()).toEqual({ productId: 'p-0001', warehouse: 'BER', onHand: 15, reserved: 3 });
    const [inventory] = await app.useCases.getInventory.execute(['p-0001']);
    expect(inventory?.onHand).toBe(15);
    expect(await outboxOf(app.store)).toEqual([
      {
        type: 'StockAdjusted',
        payload: { productId: 'p-0001', warehouse: 'BER', delta: 5, onHand: 15, reserved: 3 },
      },
    ]);
    const [entry] = await app.store.pending(1);
    expect(entry?.event).toMatchObject({ aggregateId: 'p-0001:BER', occurredAt: NOW });
  });

  it('starts stock of a product in a warehouse that never held it', async () => {
    const app = anInventoryApp();
    await app.useCases.adjustStock.execute({ productId: 'p-0500', warehouse: 'LIS', delta: 7 });
    const [inventory] = await app.useCases.getInventory.execute(['p-0500']);
    expect(inventory?.levels.map((level) => level.toSnapshot())).toEqual([
      { productId: 'p-0500', warehouse: 'LIS', onHand: 7, reserved: 0 },
    ]);
  });

  it('refuses to remove reserved units, writing nothing', async () => {
    const app = anInventoryApp([aStockSnapshot({ onHand: 10, reserved: 6 })]);
    await expect(
      app.useCases.adjustStock.execute({ productId: 'p-0001', warehouse: 'AMS', delta: -5 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const [inventory] = await app.useCases.getInventory.execute(['p-0001']);
    expect(inventory?.onHand).toBe(10);
    expect(await outboxOf(app.store)).toEqual([]);
  });

  it.each([
    [{ productId: 'p-0001', warehouse: 'XYZ', delta: 1 }, 'warehouse'],
    [{ productId: '', warehouse: 'AMS', delta: 1 }, 'productId'],
    [{ productId: 'p-0001', warehouse: 'AMS', delta: 0 }, 'delta'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (command, field) => {
    const app = anInventoryApp();
    await expect(app.useCases.adjustStock.execute(command)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field,
    });
    expect(await outboxOf(app.store)).toEqual([]);
  });
});
