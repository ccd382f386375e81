import { describe, expect, it } from 'vitest';
import type { ReservationSnapshot } from '../../../subgraphs/inventory/domain/reservation.js';
import { Reservation } from '../../../subgraphs/inventory/domain/reservation.js';
import { aChangeContext, aReservation } from '../../helpers/inventory-builders.js';
import type { AdapterFactory, InventoryPorts } from './storage-adapters.js';

/** An ACTIVE reservation never stored yet (version 0). */
function aNewReservation(overrides: Partial<ReservationSnapshot> = {}): Reservation {
  return Reservation.fromSnapshot(aReservation(overrides).toSnapshot(), 0);
}

/** The behaviour every ReservationRepository must have; `makeAdapter` gives fresh, empty storage. */
export function describeReservationRepositoryContract(
  name: string,
  makeAdapter: AdapterFactory<InventoryPorts>,
): void {
  describe(`ReservationRepository contract: ${name}`, () => {
    it('finds nothing under an unknown id', async () => {
      const { uow } = makeAdapter();
      expect(await uow.run((tx) => tx.reservations.get('r-none'))).toBeUndefined();
    });

    it('returns a committed reservation as saved, and its later status', async () => {
      const { uow, outbox } = makeAdapter();
      const placed = aNewReservation({ id: 'r-1', quantity: 3 });
      await uow.run((tx) => tx.reservations.save(placed));
      const stored = await uow.run((tx) => tx.reservations.get('r-1'));

      await uow.run(async (tx) => {
        const reservation = (await tx.reservations.get('r-1'))!;
        reservation.markReleased(aChangeContext({ eventId: 'e-released' }));
        await tx.reservations.save(reservation);
      });
      const released = await uow.run((tx) => tx.reservations.get('r-1'));

      expect(stored?.toSnapshot()).toEqual(placed.toSnapshot());
      expect(stored?.version).toBe(1);
      expect(released).toMatchObject({ version: 2, status: 'RELEASED' });
      expect((await outbox.pending(10)).map((entry) => entry.event.id)).toEqual(['e-released']);
    });

    it('shows the unit of work its own saves, and writes nothing when the work throws', async () => {
      const { uow } = makeAdapter();
      await expect(
        uow.run(async (tx) => {
          await tx.reservations.save(aNewReservation({ id: 'r-1' }));
          expect((await tx.reservations.get('r-1'))?.id).toBe('r-1');
          throw new Error('declined');
        }),
      ).rejects.toThrow('declined');
      expect(await uow.run((tx) => tx.reservations.get('r-1'))).toBeUndefined();
    });
  });
}
