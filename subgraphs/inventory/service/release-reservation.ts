import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import { ReservationNotFound } from '../domain/errors.js';
import type { Reservation } from '../domain/reservation.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { changeContext } from './change-context.js';

/** Ends a reservation and gives its units back to the warehouse it held them in. */
export class ReleaseReservation {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * ACTIVE -> RELEASED and the stock level's `reserved` lowered, in one unit of work. Throws
   * ReservationNotFound for an unknown id and ReservationAlreadyReleased the second time.
   */
  async execute(command: { id: string }): Promise<Reservation> {
    return this.uow.run(async (tx) => {
      const reservation = await tx.reservations.get(command.id);
      if (!reservation) throw new ReservationNotFound(command.id);
      const level = await tx.stock.get(reservation.productId, reservation.warehouse);
      if (!level)
        throw new Error(`Reservation ${reservation.id} holds stock of a level that does not exist.`);
      level.release(reservation, changeContext(this.ids, this.clock));
      await tx.stock.save(level);
      await tx.reservations.save(reservation);
      return reservation;
    });
  }
}
