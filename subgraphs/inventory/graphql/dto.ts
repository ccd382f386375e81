import type { ProductInventory } from '../domain/product-inventory.js';
import type { Reservation, ReservationStatus } from '../domain/reservation.js';
import type { StockLevel } from '../domain/stock-level.js';
import type { StockChange, StockChangeReason } from '../service/watch-stock-changes.js';

/** A `Product` entity as inventory's resolvers pass it on: its key only. */
export interface ProductRef {
  id: string;
}

/** The `WarehouseStock` type. */
export interface WarehouseStockDto {
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** The `Inventory` type. */
export interface InventoryDto {
  onHand: number;
  reserved: number;
  available: number;
  warehouses: WarehouseStockDto[];
}

/** The `Reservation` type. */
export interface ReservationDto {
  id: string;
  product: ProductRef;
  warehouse: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: string;
}

/** A stock level as `WarehouseStock`. */
export function toWarehouseStockDto(level: StockLevel): WarehouseStockDto {
  return {
    warehouse: level.warehouse,
    onHand: level.onHand,
    reserved: level.reserved,
    available: level.available,
  };
}

/** A product's stock as `Inventory`. */
export function toInventoryDto(inventory: ProductInventory): InventoryDto {
  return {
    onHand: inventory.onHand,
    reserved: inventory.reserved,
    available: inventory.available,
    warehouses: inventory.levels.map(toWarehouseStockDto),
  };
}

/** A reservation as `Reservation`, its product as an entity reference. */
export function toReservationDto(reservation: Reservation): ReservationDto {
  return {
    id: reservation.id,
    product: { id: reservation.productId },
    warehouse: reservation.warehouse,
    quantity: reservation.quantity,
    status: reservation.status,
    createdAt: reservation.createdAt.toISOString(),
  };
}

/** The `StockChange` type. */
export interface StockChangeDto {
  product: ProductRef;
  warehouse: string;
  reason: StockChangeReason;
  available: number;
}

/** A stock change as `StockChange`. */
export function toStockChangeDto(change: StockChange): StockChangeDto {
  return {
    product: { id: change.productId },
    warehouse: change.warehouse,
    reason: change.reason,
    available: change.available,
  };
}
