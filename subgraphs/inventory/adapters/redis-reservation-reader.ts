import type { RedisStore } from '../../shared/adapters/redis-store.js';
import { Reservation, type ReservationSnapshot } from '../domain/reservation.js';
import type { ReservationReader } from '../ports/reservation-reader.js';
import { RESERVATION_COLLECTION } from './memory-reservation-repository.js';

/** Reads committed reservations from Redis. */
export class RedisReservationReader implements ReservationReader {
  constructor(private readonly store: RedisStore) {}

  async get(id: string): Promise<Reservation | undefined> {
    const stored = await this.store.get<ReservationSnapshot>(RESERVATION_COLLECTION, id);
    return stored && Reservation.fromSnapshot(stored.value, stored.version);
  }
}
