import type { MemoryTransaction } from '../../shared/adapters/memory-store.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { Reservation, type ReservationSnapshot } from '../domain/reservation.js';
import type { ReservationRepository } from '../ports/reservation-repository.js';
import type { SnapshotSource } from './memory-stock-repository.js';

/** The memory store collection holding reservation snapshots, keyed by reservation id. */
export const RESERVATION_COLLECTION = 'reservations';

/** Reservations in a memory transaction: reads see this transaction's staged writes. */
export class MemoryReservationRepository implements ReservationRepository {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly saved: SavedAggregates,
  ) {}

  async get(id: string): Promise<Reservation | undefined> {
    return readReservation(this.tx, id);
  }

  async save(reservation: Reservation): Promise<void> {
    this.tx.put(RESERVATION_COLLECTION, reservation.id, reservation.version, reservation.toSnapshot());
    this.saved.track(reservation);
  }
}

/** The stored reservation with this id, or undefined. */
export function readReservation(source: SnapshotSource, id: string): Reservation | undefined {
  const stored = source.get<ReservationSnapshot>(RESERVATION_COLLECTION, id);
  return stored && Reservation.fromSnapshot(stored.value, stored.version);
}
