import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { AdjustStockCommand } from '../service/adjust-stock.js';
import type { ReserveStockCommand } from '../service/reserve-stock.js';
import type { InventoryUseCases } from '../service/use-cases.js';
import type { StockChange } from '../service/watch-stock-changes.js';
import type { InventoryContext } from './context.js';
import {
  type ProductRef,
  toInventoryDto,
  toReservationDto,
  toStockChangeDto,
  toWarehouseStockDto,
} from './dto.js';

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
    Subscription: {
      stockChanged: {
        subscribe: (_: unknown, args: { productIds?: readonly string[] | null }) =>
          useCases.watchStockChanges.execute(args),
        resolve: (change: StockChange) => toStockChangeDto(change),
      },
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
