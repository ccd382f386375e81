import type { Reservation } from '../domain/reservation.js';

/** Reads committed reservations outside a unit of work: for queries. */
export interface ReservationReader {
  /** The reservation with this id, or undefined. */
  get(id: string): Promise<Reservation | undefined>;
}
