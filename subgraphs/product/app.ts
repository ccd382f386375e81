import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { RandomIdGenerator } from '../platform/adapters/id-generators.js';
import { MemoryStore } from '../platform/adapters/memory-store.js';
import { SystemClock } from '../platform/adapters/system-clock.js';
import { createSubgraphApollo } from '../platform/graphql/create-subgraph-apollo.js';
import { type RunningServer, startGraphQLHttpServer } from '../platform/http/graphql-http-server.js';
import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/ports/clock.js';
import type { IdGenerator } from '../platform/ports/id-generator.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createProductLoaders } from './graphql/product-loader.js';
import { buildProductSchema } from './graphql/product-schema.js';
import type { ProductContext } from './graphql/resolvers.js';
import { CreateProduct } from './service/create-product.js';
import { GetProduct } from './service/get-product.js';
import { GetProducts } from './service/get-products.js';
import { ListProducts } from './service/list-products.js';
import type { ProductUseCases } from './service/product-use-cases.js';
import { UpdateProduct } from './service/update-product.js';

/** What the product subgraph is built from; every member has a default. */
export interface ProductDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill an empty store with the seeded catalog. */
  seed: boolean;
}

/** The wired product subgraph, not yet serving. */
export interface ProductApp {
  schema: GraphQLSchema;
  sdl: string;
  useCases: ProductUseCases;
  store: MemoryStore;
}

/** Composition root: memory adapters, use cases and the subgraph schema, built with `new`. */
export function buildProductApp(deps: Partial<ProductDependencies> = {}): ProductApp {
  const store = deps.store ?? new MemoryStore();
  const clock = deps.clock ?? new SystemClock();
  const ids = deps.ids ?? new RandomIdGenerator();
  if (deps.seed ?? true) seedCatalog(store);

  const uow = new MemoryUnitOfWork(store);
  const useCases: ProductUseCases = {
    getProduct: new GetProduct(uow),
    getProducts: new GetProducts(uow),
    listProducts: new ListProducts(uow),
    createProduct: new CreateProduct(uow, clock, ids),
    updateProduct: new UpdateProduct(uow, clock, ids),
  };
  const schema = buildProductSchema(useCases);
  return { schema, sdl: printSubgraphSchema(schema), useCases, store };
}

/** Options of `startProductService`. */
export interface ProductServiceOptions {
  port: number;
  host?: string;
  log: Logger;
  /** Defaults to `buildProductApp()`: seeded, in memory. */
  app?: ProductApp;
  /** Hides stack traces from error responses. */
  production?: boolean;
}

/** Serves the product subgraph over HTTP until the returned server is closed. */
export async function startProductService(options: ProductServiceOptions): Promise<RunningServer> {
  const app = options.app ?? buildProductApp();
  const apollo = createSubgraphApollo<ProductContext>({
    schema: app.schema,
    log: options.log,
    production: options.production ?? false,
  });
  return startGraphQLHttpServer<ProductContext>({
    service: 'product',
    port: options.port,
    ...(options.host !== undefined && { host: options.host }),
    log: options.log,
    apollo,
    context: (scope) => ({ ...scope, loaders: createProductLoaders(app.useCases.getProducts) }),
  });
}
