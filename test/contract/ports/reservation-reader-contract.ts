import { describe, expect, it } from 'vitest';
import { aChangeContext } from '../../helpers/inventory-builders.js';
import { storeLevels } from './inventory-fixtures.js';
import type { AdapterFactory, InventoryPorts } from './storage-adapters.js';

/** The behaviour every ReservationReader must have; `makeAdapter` gives fresh, empty storage. */
export function describeReservationReaderContract(
  name: string,
  makeAdapter: AdapterFactory<InventoryPorts>,
): void {
  describe(`ReservationReader contract: ${name}`, () => {
    it('reads a committed reservation, and nothing under an unknown id', async () => {
      const { uow, reservations } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 5, reserved: 0 });
      await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        const reservation = level.reserve(2, 'r-1', aChangeContext());
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
      });

      expect((await reservations.get('r-1'))?.toSnapshot()).toMatchObject({
        id: 'r-1',
        productId: 'p-1',
        warehouse: 'AMS',
        quantity: 2,
        status: 'ACTIVE',
      });
      expect(await reservations.get('r-none')).toBeUndefined();
    });

    it('sees only committed reservations', async () => {
      const { uow, reservations } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 5, reserved: 0 });
      const seenDuringWork = await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        const reservation = level.reserve(2, 'r-1', aChangeContext());
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
        return reservations.get('r-1');
      });
      expect(seenDuringWork).toBeUndefined();
      expect(await reservations.get('r-1')).toBeDefined();
    });
  });
}
