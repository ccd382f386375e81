import { writeStockLevels } from '../../subgraphs/inventory/adapters/seed-catalog.js';
import { buildInventoryApp, type InventoryApp } from '../../subgraphs/inventory/app.js';
import type { ChangeContext } from '../../subgraphs/inventory/domain/events.js';
import { Reservation, type ReservationSnapshot } from '../../subgraphs/inventory/domain/reservation.js';
import { StockLevel, type StockLevelSnapshot } from '../../subgraphs/inventory/domain/stock-level.js';
import type { DomainEvent } from '../../subgraphs/kernel/domain-event.js';
import { SequentialIdGenerator } from '../../subgraphs/shared/adapters/id-generators.js';
import { MemoryStore, type StagedWrite } from '../../subgraphs/shared/adapters/memory-store.js';
import { FixedClock } from '../../subgraphs/shared/adapters/system-clock.js';

/** The instant every builder's clock stands at. */
export const NOW = '2026-03-01T12:00:00.000Z';

/** An event id and instant for one domain change. */
export function aChangeContext(overrides: Partial<ChangeContext> = {}): ChangeContext {
  return { eventId: 'e-1', now: new Date(NOW), ...overrides };
}

/** A stored stock level snapshot: 10 on hand, none reserved, p-0001 at AMS unless overridden. */
export function aStockSnapshot(overrides: Partial<StockLevelSnapshot> = {}): StockLevelSnapshot {
  return { productId: 'p-0001', warehouse: 'AMS', onHand: 10, reserved: 0, ...overrides };
}

/** A stock level as read from storage at version 1. */
export function aStockLevel(overrides: Partial<StockLevelSnapshot> = {}): StockLevel {
  return StockLevel.fromSnapshot(aStockSnapshot(overrides), 1);
}

/** An ACTIVE reservation of 2 units of p-0001 at AMS, as read from storage at version 1. */
export function aReservation(overrides: Partial<ReservationSnapshot> = {}): Reservation {
  return Reservation.fromSnapshot(
    {
      id: 'r-1',
      productId: 'p-0001',
      warehouse: 'AMS',
      quantity: 2,
      status: 'ACTIVE',
      createdAt: NOW,
      ...overrides,
    },
    1,
  );
}

/**
 * A memory store on which other writers can win a race: a write queued with `beforeNextCommit`
 * is committed just before the next unit of work's commit, after that unit of work has read.
 */
export class RacingMemoryStore extends MemoryStore {
  readonly #rivals: ((store: MemoryStore) => void)[] = [];
  #racing = false;

  /** Queues a rival writer that commits between the next unit of work's reads and its commit. */
  beforeNextCommit(rival: (store: MemoryStore) => void): void {
    this.#rivals.push(rival);
  }

  override apply(writes: ReadonlyMap<string, StagedWrite>, events: readonly DomainEvent[]): void {
    const rival = this.#racing ? undefined : this.#rivals.shift();
    if (rival) {
      this.#racing = true;
      try {
        rival(this);
      } finally {
        this.#racing = false;
      }
    }
    super.apply(writes, events);
  }
}

/** An inventory app on an unseeded store holding just `levels`, with a fixed clock and ids `id-1`, `id-2`... */
export function anInventoryApp(
  levels: readonly StockLevelSnapshot[] = [],
  store: MemoryStore = new MemoryStore(),
): InventoryApp {
  writeStockLevels(store, levels);
  return buildInventoryApp({
    store,
    clock: new FixedClock(NOW),
    ids: new SequentialIdGenerator('id'),
    seed: false,
  });
}

/** Everything waiting in the store's outbox, as event types and payloads. */
export async function outboxOf(store: MemoryStore): Promise<{ type: string; payload: unknown }[]> {
  const entries = await store.pending(Number.MAX_SAFE_INTEGER);
  return entries.map(({ event }) => ({ type: event.type, payload: event.payload }));
}
