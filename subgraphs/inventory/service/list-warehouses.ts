import { WAREHOUSE_CODES, type WarehouseCode } from '../domain/warehouse-code.js';

/** The warehouses inventory keeps stock in. */
export class ListWarehouses {
  execute(): readonly WarehouseCode[] {
    return WAREHOUSE_CODES;
  }
}
