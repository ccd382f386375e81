import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { AdjustStock, AdjustStockCommand } from '../service/adjust-stock.js';
import type { GetInventory } from '../service/get-inventory.js';
import type { GetReservation } from '../service/get-reservation.js';
import type { ListWarehouses } from '../service/list-warehouses.js';
import type { ReleaseReservation } from '../service/release-reservation.js';
import type { ReserveStock, ReserveStockCommand } from '../service/reserve-stock.js';
import { type ProductRef, toInventoryDto, toReservationDto, toWarehouseStockDto } from './dto.js';
import type { InventoryContext } from './inventory-context.js';

/** The use cases the inventory graph calls. */
export interface InventoryUseCases {
  getInventory: GetInventory;
  getReservation: GetReservation;
  listWarehouses: ListWarehouses;
  adjustStock: AdjustStock;
  reserveStock: ReserveStock;
  releaseReservation: ReleaseReservation;
}

/** Resolvers of `schema.graphql`: each calls one use case and maps its result to the schema's types. */
export function inventoryResolvers(useCases: InventoryUseCases): GraphQLResolverMap<InventoryContext> {
  return {
    Query: {
      reservation: async (_: unknown, args: { id: string }) =>
        toReservationDto(await useCases.getReservation.execute(args)),
      warehouses: () => useCases.listWarehouses.execute(),
    },
    Mutation: {
      adjustStock: async (_: unknown, args: AdjustStockCommand) =>
        toWarehouseStockDto(await useCases.adjustStock.execute(args)),
      reserveStock: async (_: unknown, args: ReserveStockCommand) =>
        toReservationDto(await useCases.reserveStock.execute(args)),
      releaseReservation: async (_: unknown, args: { id: string }) =>
        toReservationDto(await useCases.releaseReservation.execute(args)),
    },
    Product: {
      // Every product has an inventory (zeros when none is stocked), so any id resolves; the
      // fields load through the request's loader, so N representations cost one lookup.
      __resolveReference: (reference: ProductRef): ProductRef => ({ id: reference.id }),
      inventory: async (product: ProductRef, _: unknown, context: InventoryContext) =>
        toInventoryDto(await context.inventory.load(product.id)),
      inStock: async (product: ProductRef, _: unknown, context: InventoryContext) =>
        (await context.inventory.load(product.id)).inStock,
    },
  };
}
