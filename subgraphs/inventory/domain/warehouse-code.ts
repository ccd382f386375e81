import { UnknownWarehouse } from './errors.js';

/** The warehouses inventory keeps stock in, in the order listings show them. */
export const WAREHOUSE_CODES = ['AMS', 'BER', 'LIS'] as const;

/** The code of a warehouse inventory keeps stock in. */
export type WarehouseCode = (typeof WAREHOUSE_CODES)[number];

/** The warehouse with this exact (upper-case) code; throws UnknownWarehouse naming `warehouse` otherwise. */
export function parseWarehouseCode(value: unknown): WarehouseCode {
  if (typeof value !== 'string' || !(WAREHOUSE_CODES as readonly string[]).includes(value))
    throw new UnknownWarehouse(value, WAREHOUSE_CODES);
  return value as WarehouseCode;
}
