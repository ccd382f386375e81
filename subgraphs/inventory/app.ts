import { readFileSync } from 'node:fs';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import { RandomIdGenerator } from '../platform/adapters/id-generators.js';
import { MemoryStore } from '../platform/adapters/memory-store.js';
import { SystemClock } from '../platform/adapters/system-clock.js';
import { createSubgraphApollo } from '../platform/graphql/create-subgraph-apollo.js';
import { type RunningServer, startGraphQLHttpServer } from '../platform/http/graphql-http-server.js';
import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/ports/clock.js';
import type { IdGenerator } from '../platform/ports/id-generator.js';
import { MemoryReservationReader } from './adapters/memory-reservation-reader.js';
import { MemoryStockReader } from './adapters/memory-stock-reader.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createInventoryContext, type InventoryContext } from './graphql/inventory-context.js';
import { type InventoryUseCases, inventoryResolvers } from './graphql/resolvers.js';
import { AdjustStock } from './service/adjust-stock.js';
import { GetInventory } from './service/get-inventory.js';
import { GetReservation } from './service/get-reservation.js';
import { ListWarehouses } from './service/list-warehouses.js';
import { ReleaseReservation } from './service/release-reservation.js';
import { ReserveStock } from './service/reserve-stock.js';

/** What the inventory service is built from; each has a default. */
export interface InventoryDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill the store with the seeded catalog's stock first. */
  seed: boolean;
}

/** The inventory service, built and ready to serve. */
export interface InventoryApp {
  schema: GraphQLSchema;
  /** The subgraph SDL the service answers `_service { sdl }` with. */
  sdl: string;
  useCases: InventoryUseCases;
  store: MemoryStore;
}

/** Builds the inventory service from its dependencies (defaults: empty store, system clock, random ids, seeded). */
export function buildInventoryApp(deps: Partial<InventoryDependencies> = {}): InventoryApp {
  const store = deps.store ?? new MemoryStore();
  const clock = deps.clock ?? new SystemClock();
  const ids = deps.ids ?? new RandomIdGenerator();
  if (deps.seed ?? true) seedCatalog(store);

  const uow = new MemoryUnitOfWork(store);
  const useCases: InventoryUseCases = {
    getInventory: new GetInventory(new MemoryStockReader(store)),
    getReservation: new GetReservation(new MemoryReservationReader(store)),
    listWarehouses: new ListWarehouses(),
    adjustStock: new AdjustStock(uow, clock, ids),
    reserveStock: new ReserveStock(uow, clock, ids),
    releaseReservation: new ReleaseReservation(uow, clock, ids),
  };
  const typeDefs = parse(readFileSync(new URL('./graphql/schema.graphql', import.meta.url), 'utf8'));
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: inventoryResolvers(useCases) }]);
  return { schema, sdl: printSubgraphSchema(schema), useCases, store };
}

/** Serves the inventory subgraph over HTTP (a seeded app unless one is given). */
export async function startInventoryService(options: {
  port: number;
  host?: string;
  log: Logger;
  app?: InventoryApp;
  production?: boolean;
}): Promise<RunningServer> {
  const app = options.app ?? buildInventoryApp();
  const apollo = createSubgraphApollo<InventoryContext>({
    schema: app.schema,
    log: options.log,
    production: options.production ?? false,
  });
  return startGraphQLHttpServer({
    service: 'inventory',
    port: options.port,
    host: options.host ?? '0.0.0.0',
    log: options.log,
    apollo,
    context: (scope) => createInventoryContext(scope, app.useCases.getInventory),
  });
}
