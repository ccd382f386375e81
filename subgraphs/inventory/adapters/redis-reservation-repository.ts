import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { Reservation, type ReservationSnapshot } from '../domain/reservation.js';
import type { ReservationRepository } from '../ports/reservation-repository.js';
import { RESERVATION_COLLECTION } from './memory-reservation-repository.js';

/** Reservations in a Redis transaction: reads see this transaction's staged writes. */
export class RedisReservationRepository implements ReservationRepository {
  constructor(
    private readonly tx: RedisTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(id: string): Promise<Reservation | undefined> {
    const stored = await this.tx.get<ReservationSnapshot>(RESERVATION_COLLECTION, id);
    return stored && Reservation.fromSnapshot(stored.value, stored.version);
  }

  async save(reservation: Reservation): Promise<void> {
    this.tx.put(RESERVATION_COLLECTION, reservation.id, reservation.version, reservation.toSnapshot());
    this.saved.track(reservation);
  }
}
