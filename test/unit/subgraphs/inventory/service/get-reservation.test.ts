import { describe, expect, it } from 'vitest';
import { anInventoryApp, aStockSnapshot } from '../../../../helpers/inventory-builders.js';

describe('GetReservation', () => {
  it('finds a placed reservation by id', async () => {
    const app = anInventoryApp([aStockSnapshot()]);
    const placed = await app.useCases.reserveStock.execute({ productId: 'p-0001', quantity: 2 });
    const found = await app.useCases.getReservation.execute({ id: placed.id });
    expect(found.toSnapshot()).toEqual(placed.toSnapshot());
  });

  it('answers NOT_FOUND naming id for an unknown reservation', async () => {
    const app = anInventoryApp();
    await expect(app.useCases.getReservation.execute({ id: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
      message: 'No reservation has id "nope".',
    });
  });
});
