import { ReservationNotFound } from '../domain/errors.js';
import type { Reservation } from '../domain/reservation.js';
import type { ReservationReader } from '../ports/reservation-reader.js';

/** One reservation by id. */
export class GetReservation {
  constructor(private readonly reservations: ReservationReader) {}

  /** Throws ReservationNotFound when no reservation has the id. */
  async execute(query: { id: string }): Promise<Reservation> {
    const reservation = await this.reservations.get(query.id);
    if (!reservation) throw new ReservationNotFound(query.id);
    return reservation;
  }
}
