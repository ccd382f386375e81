import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import type { Reservation } from '../domain/reservation.js';
import type { ReservationReader } from '../ports/reservation-reader.js';
import { readReservation } from './memory-reservation-repository.js';

/** Reads committed reservations straight from the memory store. */
export class MemoryReservationReader implements ReservationReader {
  constructor(private readonly store: MemoryStore) {}

  async get(id: string): Promise<Reservation | undefined> {
    return readReservation(this.store, id);
  }
}
