import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import {
  type Readiness,
  type RunningServer,
  startGraphQLHttpServer,
} from '../../platform/http/graphql-http-server.js';
import type { Logger } from '../../platform/logger.js';
import type { SignatureCheckSettings } from '../../platform/signing/signing-config.js';
import { RandomIdGenerator } from '../shared/adapters/id-generators.js';
import { MemoryEventBus } from '../shared/adapters/memory-event-bus.js';
import { MemoryOutboxRelay, relayBeside } from '../shared/adapters/memory-outbox-relay.js';
import { MemoryStore } from '../shared/adapters/memory-store.js';
import { RedisRuntime } from '../shared/adapters/redis-runtime.js';
import type { RedisStore } from '../shared/adapters/redis-store.js';
import { SystemClock } from '../shared/adapters/system-clock.js';
import { createSubgraphApollo } from '../shared/graphql/create-subgraph-apollo.js';
import type { SubgraphOperationLimits } from '../shared/graphql/operation-limits.js';
import type { Clock } from '../shared/ports/clock.js';
import type { IdGenerator } from '../shared/ports/id-generator.js';
import { processMetricsRegistry } from '../shared/process-metrics.js';
import { signatureVerifierFor } from '../shared/signature-verifier.js';
import type { StorageOptions } from '../shared/storage-config.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { PRODUCT_PARTITIONING } from './adapters/redis-partitioning.js';
import { seedRedisCatalog } from './adapters/redis-seed-catalog.js';
import { RedisUnitOfWork } from './adapters/redis-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createProductContext, type ProductContext } from './graphql/context.js';
import { buildProductSchema } from './graphql/schema.js';
import type { UnitOfWork } from './ports/unit-of-work.js';
import { buildProductUseCases, type ProductUseCases } from './service/use-cases.js';

/** What the product subgraph is built from; every member has a default. */
export interface ProductDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill an empty store with the seeded catalog. */
  seed: boolean;
}

/** The wired product subgraph, not yet serving; `store` is the memory or Redis store behind it. */
export interface ProductApp<TStore = MemoryStore> {
  schema: GraphQLSchema;
  sdl: string;
  useCases: ProductUseCases;
  store: TStore;
}

/** Composition root: memory adapters, use cases and the subgraph schema, built with `new`. */
export function buildProductApp(deps: Partial<ProductDependencies> = {}): ProductApp {
  const store = deps.store ?? new MemoryStore();
  if (deps.seed ?? true) seedCatalog(store);
  return { ...wireProductApp(new MemoryUnitOfWork(store), deps), store };
}

/** What the product subgraph is built from on Redis; seeding is the service's start-up task. */
export interface RedisProductDependencies {
  store: RedisStore;
  clock?: Clock;
  ids?: IdGenerator;
}

/** Composition root on Redis: the same use cases and schema over the Redis adapters. */
export function buildRedisProductApp(deps: RedisProductDependencies): ProductApp<RedisStore> {
  return { ...wireProductApp(new RedisUnitOfWork(deps.store), deps), store: deps.store };
}

function wireProductApp(uow: UnitOfWork, deps: { clock?: Clock; ids?: IdGenerator }) {
  const useCases = buildProductUseCases({
    uow,
    clock: deps.clock ?? new SystemClock(),
    ids: deps.ids ?? new RandomIdGenerator(),
  });
  const schema = buildProductSchema(useCases);
  return { schema, sdl: printSubgraphSchema(schema), useCases };
}

/** Options of `startProductService`. */
export interface ProductServiceOptions {
  port: number;
  host?: string;
  log: Logger;
  /** A prebuilt app (tests); when given, `storage` is not used. */
  app?: ProductApp<unknown>;
  /** Where the catalog lives; defaults to seeded memory. Redis seeds itself once reachable. */
  storage?: StorageOptions;
  /** Hides stack traces from error responses. */
  production?: boolean;
  /** Where its request metrics go and what it serves at `/metrics`; default the process's registry. */
  metrics?: Registry;
  /** Serve only requests signed with one of these secrets; absent: serve unsigned ones (with a warning). */
  signing?: SignatureCheckSettings;
  /** Depth and alias limits of one operation; the defaults when absent. */
  limits?: SubgraphOperationLimits;
  /** On memory storage, where the outbox's events go (`npm start` shares one bus among the subgraphs). */
  events?: MemoryEventBus;
}

/** Serves the product subgraph over HTTP until the returned server is closed. */
export async function startProductService(options: ProductServiceOptions): Promise<RunningServer> {
  const redis =
    options.app === undefined && options.storage?.kind === 'redis'
      ? new RedisRuntime({
          service: 'product',
          storage: options.storage,
          log: options.log,
          prepare: (store) => seedRedisCatalog(store),
          partitioning: PRODUCT_PARTITIONING,
        })
      : undefined;
  const memoryApp = options.app === undefined && !redis ? buildProductApp() : undefined;
  const app = options.app ?? memoryApp ?? buildRedisProductApp({ store: (redis as RedisRuntime).store });
  const apollo = createSubgraphApollo<ProductContext>({
    schema: app.schema,
    log: options.log,
    production: options.production ?? false,
    ...(options.limits && { limits: options.limits }),
  });
  const verifier = signatureVerifierFor(options.signing, { log: options.log, redis });
  const start = (readiness?: () => Promise<Readiness>) =>
    startGraphQLHttpServer<ProductContext>({
      service: 'product',
      port: options.port,
      ...(options.host !== undefined && { host: options.host }),
      log: options.log,
      apollo,
      context: (scope) => createProductContext(scope, app.useCases.getProducts),
      readiness,
      metrics: options.metrics ?? processMetricsRegistry(),
      ...(verifier && { verifier }),
    });
  if (redis) return redis.serve(start);
  const server = await start();
  if (!memoryApp) return server;
  const bus = options.events ?? new MemoryEventBus();
  return relayBeside(server, new MemoryOutboxRelay(memoryApp.store, bus, options.log, { source: 'product' }));
}
