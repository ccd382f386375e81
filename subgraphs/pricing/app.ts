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
import { MemoryPriceReader } from './adapters/memory-price-reader.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createPricingContext, type PricingContext } from './graphql/pricing-context.js';
import { pricingResolvers } from './graphql/resolvers.js';
import { EstimateShipping } from './service/estimate-shipping.js';
import { GetPrice } from './service/get-price.js';
import { GetPrices } from './service/get-prices.js';
import { SetPrice } from './service/set-price.js';

/** What the pricing service is built from; every part can be replaced in tests. */
export interface PricingDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill the store with the deterministic catalog's prices on build. */
  seed: boolean;
}

/** Every pricing use case, wired to its ports. */
export interface PricingUseCases {
  getPrices: GetPrices;
  getPrice: GetPrice;
  setPrice: SetPrice;
  estimateShipping: EstimateShipping;
}

/** A wired pricing subgraph, ready to be served. */
export interface PricingApp {
  schema: GraphQLSchema;
  /** The subgraph SDL as `_service { sdl }` answers it. */
  sdl: string;
  useCases: PricingUseCases;
  store: MemoryStore;
}

const TYPE_DEFS = parse(readFileSync(new URL('./graphql/schema.graphql', import.meta.url), 'utf8'));

/** Composition root: builds adapters, use cases and the schema by plain constructor injection. */
export function buildPricingApp(deps: Partial<PricingDependencies> = {}): PricingApp {
  const store = deps.store ?? new MemoryStore();
  const clock = deps.clock ?? new SystemClock();
  const ids = deps.ids ?? new RandomIdGenerator();
  if (deps.seed ?? true) seedCatalog(store);

  const reader = new MemoryPriceReader(store);
  const useCases: PricingUseCases = {
    getPrices: new GetPrices(reader),
    getPrice: new GetPrice(reader),
    setPrice: new SetPrice(new MemoryUnitOfWork(store), clock, ids),
    estimateShipping: new EstimateShipping(),
  };
  const schema = buildSubgraphSchema([{ typeDefs: TYPE_DEFS, resolvers: pricingResolvers(useCases) }]);
  return { schema, sdl: printSubgraphSchema(schema), useCases, store };
}

/** Serves a pricing app (a fresh seeded one unless given) over HTTP. */
export async function startPricingService(options: {
  port: number;
  host?: string;
  log: Logger;
  app?: PricingApp;
  production?: boolean;
}): Promise<RunningServer> {
  const app = options.app ?? buildPricingApp();
  const apollo = createSubgraphApollo<PricingContext>({
    schema: app.schema,
    log: options.log,
    ...(options.production !== undefined && { production: options.production }),
  });
  return startGraphQLHttpServer<PricingContext>({
    service: 'pricing',
    port: options.port,
    ...(options.host !== undefined && { host: options.host }),
    log: options.log,
    apollo,
    context: (scope) => createPricingContext(scope, app.useCases.getPrices),
  });
}
