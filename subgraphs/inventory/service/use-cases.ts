import type { Clock } from '../../shared/ports/clock.js';
import type { EventFeed } from '../../shared/ports/event-feed.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import type { ReservationReader } from '../ports/reservation-reader.js';
import type { StockReader } from '../ports/stock-reader.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { AdjustStock } from './adjust-stock.js';
import { GetInventory } from './get-inventory.js';
import { GetReservation } from './get-reservation.js';
import { ListWarehouses } from './list-warehouses.js';
import { ReleaseReservation } from './release-reservation.js';
import { ReserveStock } from './reserve-stock.js';
import { WatchStockChanges } from './watch-stock-changes.js';

/** Every use case of the inventory subgraph: what its resolvers and loaders call. */
export interface InventoryUseCases {
  readonly getInventory: GetInventory;
  readonly getReservation: GetReservation;
  readonly listWarehouses: ListWarehouses;
  readonly adjustStock: AdjustStock;
  readonly reserveStock: ReserveStock;
  readonly releaseReservation: ReleaseReservation;
  readonly watchStockChanges: WatchStockChanges;
}

/** The ports the inventory use cases run on. */
export interface InventoryPorts {
  readonly uow: UnitOfWork;
  readonly stock: StockReader;
  readonly reservations: ReservationReader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The inventory's committed events, live: what stock-change subscriptions hear. */
  readonly events: EventFeed;
}

/** Builds every inventory use case on `ports`. */
export function buildInventoryUseCases(ports: InventoryPorts): InventoryUseCases {
  const getInventory = new GetInventory(ports.stock);
  return {
    getInventory,
    getReservation: new GetReservation(ports.reservations),
    listWarehouses: new ListWarehouses(),
    adjustStock: new AdjustStock(ports.uow, ports.clock, ports.ids),
    reserveStock: new ReserveStock(ports.uow, ports.clock, ports.ids),
    releaseReservation: new ReleaseReservation(ports.uow, ports.clock, ports.ids),
    watchStockChanges: new WatchStockChanges(ports.events, getInventory),
  };
}
