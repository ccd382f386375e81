import DataLoader from 'dataloader';
import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import type { ProductInventory } from '../domain/product-inventory.js';
import type { GetInventory } from '../service/get-inventory.js';

/** The resolver context of one request: the platform scope plus that request's loader. */
export interface InventoryContext extends RequestScope {
  /** Product inventories by product id: every load in one tick becomes one GetInventory call. */
  inventory: DataLoader<string, ProductInventory>;
}

/** A context with a fresh loader, so nothing is cached between requests. */
export function createInventoryContext(scope: RequestScope, getInventory: GetInventory): InventoryContext {
  return { ...scope, inventory: new DataLoader((productIds) => getInventory.execute(productIds)) };
}
