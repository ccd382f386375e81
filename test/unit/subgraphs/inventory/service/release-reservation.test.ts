import { describe, expect, it } from 'vitest';
import { anInventoryApp, aStockSnapshot, outboxOf } from '../../../../helpers/inventory-builders.js';

async function appWithReservation() {
  const app = anInventoryApp([aStockSnapshot({ onHand: 10, reserved: 1 })]);
  const reservation = await app.useCases.reserveStock.execute({
    productId: 'p-0001',
    quantity: 4,
    warehouse: 'AMS',
  });
  return { app, reservation };
}

describe('ReleaseReservation', () => {
  it('releases an ACTIVE reservation and gives its units back, recording ReservationReleased', async () => {
    const { app, reservation } = await appWithReservation();
    const released = await app.useCases.releaseReservation.execute({ id: reservation.id });
    expect(released.status).toBe('RELEASED');
    expect((await app.useCases.getReservation.execute({ id: reservation.id })).status).toBe('RELEASED');
    const [inventory] = await app.useCases.getInventory.execute(['p-0001']);
    expect(inventory?.reserved).toBe(1);
    expect((await outboxOf(app.store)).at(-1)).toEqual({
      type: 'ReservationReleased',
      payload: { reservationId: reservation.id, productId: 'p-0001', warehouse: 'AMS', quantity: 4 },
    });
  });

  it('refuses to release twice as CONFLICT, giving nothing back the second time', async () => {
    const { app, reservation } = await appWithReservation();
    await app.useCases.releaseReservation.execute({ id: reservation.id });
    const eventsBefore = (await outboxOf(app.store)).length;
    await expect(app.useCases.releaseReservation.execute({ id: reservation.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Reservation ${reservation.id} is already released.`,
    });
    const [inventory] = await app.useCases.getInventory.execute(['p-0001']);
    expect(inventory?.reserved).toBe(1);
    expect(await outboxOf(app.store)).toHaveLength(eventsBefore);
  });

  it('answers NOT_FOUND for an unknown reservation', async () => {
    const { app } = await appWithReservation();
    await expect(app.useCases.releaseReservation.execute({ id: 'r-missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
  });
});
