import { describe, expect, it } from 'vitest';
import { writeStockLevels } from '../../../../../subgraphs/inventory/adapters/seed-catalog.js';
import { InsufficientStock } from '../../../../../subgraphs/inventory/domain/errors.js';
import type { Reservation } from '../../../../../subgraphs/inventory/domain/reservation.js';
import {
  anInventoryApp,
  aStockSnapshot,
  NOW,
  outboxOf,
  RacingMemoryStore,
} from '../../../../helpers/inventory-builders.js';

async function reservedOf(app: ReturnType<typeof anInventoryApp>, productId = 'p-0001'): Promise<number> {
  const [inventory] = await app.useCases.getInventory.execute([productId]);
  return inventory!.reserved;
}

describe('ReserveStock', () => {
  it('reserves from the named warehouse, storing the reservation and StockReserved together', async () => {
    const app = anInventoryApp([
      aStockSnapshot({ warehouse: 'AMS', onHand: 10, reserved: 0 }),
      aStockSnapshot({ warehouse: 'BER', onHand: 50, reserved: 0 }),
    ]);
    const reservation = await app.useCases.reserveStock.execute({
      productId: 'p-0001',
      quantity: 3,
      warehouse: 'AMS',
    });
    expect(reservation.toSnapshot()).toEqual({
      id: reservation.id,
      productId: 'p-0001',
      warehouse: 'AMS',
      quantity: 3,
      status: 'ACTIVE',
      createdAt: NOW,
    });
    expect((await app.useCases.getReservation.execute({ id: reservation.id })).status).toBe('ACTIVE');
    const [inventory] = await app.useCases.getInventory.execute(['p-0001']);
    expect(inventory?.levels.map((level) => [level.warehouse, level.reserved])).toEqual([
      ['AMS', 3],
      ['BER', 0],
    ]);
    expect(await outboxOf(app.store)).toMatchObject([
      { type: 'StockReserved', payload: { reservationId: reservation.id, warehouse: 'AMS', quantity: 3 } },
    ]);
  });

  it('reserves from the warehouse with the most available when none is named', async () => {
    const app = anInventoryApp([
      aStockSnapshot({ warehouse: 'AMS', onHand: 30, reserved: 25 }),
      aStockSnapshot({ warehouse: 'BER', onHand: 12, reserved: 0 }),
      aStockSnapshot({ warehouse: 'LIS', onHand: 8, reserved: 0 }),
    ]);
    const reservation = await app.useCases.reserveStock.execute({
      productId: 'p-0001',
      quantity: 2,
      warehouse: null,
    });
    expect(reservation.warehouse).toBe('BER');
  });

  it('refuses a reservation that would oversell, writing nothing', async () => {
    const app = anInventoryApp([aStockSnapshot({ onHand: 5, reserved: 4 })]);
    await expect(
      app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 2, warehouse: 'AMS' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Insufficient stock/) });
    expect(await reservedOf(app)).toBe(4);
    expect(app.store.all('reservations')).toEqual([]);
    expect(await outboxOf(app.store)).toEqual([]);
  });

  it('refuses more than the best warehouse holds, even when all warehouses together hold enough', async () => {
    const app = anInventoryApp([
      aStockSnapshot({ warehouse: 'AMS', onHand: 3 }),
      aStockSnapshot({ warehouse: 'BER', onHand: 3 }),
    ]);
    await expect(
      app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 4 }),
    ).rejects.toBeInstanceOf(InsufficientStock);
  });

  it('answers NOT_FOUND for a product inventory has no record of, named warehouse or not', async () => {
    const app = anInventoryApp([aStockSnapshot({ warehouse: 'AMS', onHand: 3 })]);
    for (const warehouse of [undefined, 'AMS']) {
      await expect(
        app.useCases.reserveStock.execute({ productId: 'p-0999', quantity: 1, warehouse }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'productId',
        message: expect.stringMatching(/p-0999/),
      });
    }
    expect(app.store.all('reservations')).toEqual([]);
  });

  it('refuses a known product with no stock in the named warehouse as a CONFLICT', async () => {
    const app = anInventoryApp([aStockSnapshot({ warehouse: 'AMS', onHand: 3 })]);
    await expect(
      app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 1, warehouse: 'LIS' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Insufficient stock for product p-0001 at LIS: 0 available, 1 requested.',
    });
  });

  it.each([
    [{ productId: 'p-0001', quantity: 0 }, 'quantity'],
    [{ productId: 'p-0001', quantity: 1, warehouse: 'MAD' }, 'warehouse'],
    [{ productId: ' ', quantity: 1 }, 'productId'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (command, field) => {
    const app = anInventoryApp([aStockSnapshot()]);
    await expect(app.useCases.reserveStock.execute(command)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field,
    });
  });

  it('retries a reservation that lost a race, on the stock the winner left', async () => {
    const store = new RacingMemoryStore();
    const app = anInventoryApp([aStockSnapshot({ onHand: 10, reserved: 0 })], store);
    store.beforeNextCommit((rival) => writeStockLevels(rival, [aStockSnapshot({ onHand: 10, reserved: 7 })]));
    await app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 3, warehouse: 'AMS' });
    expect(await reservedOf(app)).toBe(10);
    expect(app.store.all('reservations')).toHaveLength(1);
    expect(await outboxOf(app.store)).toMatchObject([{ type: 'StockReserved', payload: { reserved: 10 } }]);
  });

  it('reserves exactly the stock there is when 50 reservations race for 10 units', async () => {
    const app = anInventoryApp([aStockSnapshot({ onHand: 10, reserved: 0 })]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 1, warehouse: 'AMS' }),
      ),
    );
    const reserved = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(40);
    // Every refusal is a real oversell, none a lost race.
    for (const reason of refused) expect(reason).toBeInstanceOf(InsufficientStock);
    expect(await reservedOf(app)).toBe(10);
    const ids = reserved.map((outcome) => (outcome as PromiseFulfilledResult<Reservation>).value.id);
    expect(new Set(ids).size).toBe(10);
    expect(app.store.all('reservations')).toHaveLength(10);
    expect((await outboxOf(app.store)).filter((event) => event.type === 'StockReserved')).toHaveLength(10);
  });
});
