import type { Reservation } from '../domain/reservation.js';

/** Loads and stages reservations inside a unit of work. */
export interface ReservationRepository {
  /** The reservation as of this transaction, or undefined when no reservation has that id. */
  get(id: string): Promise<Reservation | undefined>;
  /** Stages the reservation; the unit of work writes it, and collects the events it recorded, when it commits. */
  save(reservation: Reservation): Promise<void>;
}
