import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import {
  type Readiness,
  type RunningServer,
  startGraphQLHttpServer,
} from '../../platform/http/graphql-http-server.js';
import type { Logger } from '../../platform/logger.js';
import type { SignatureCheckSettings } from '../../platform/signing/signing-config.js';
import { NO_EVENTS } from '../shared/adapters/event-listeners.js';
import { RandomIdGenerator } from '../shared/adapters/id-generators.js';
import { MemoryEventBus } from '../shared/adapters/memory-event-bus.js';
import { MemoryEventFeed } from '../shared/adapters/memory-event-feed.js';
import { MemoryOutboxRelay, relayBeside } from '../shared/adapters/memory-outbox-relay.js';
import { MemoryStore } from '../shared/adapters/memory-store.js';
import { RedisEventFeed } from '../shared/adapters/redis-event-feed.js';
import { RedisRuntime } from '../shared/adapters/redis-runtime.js';
import type { RedisStore } from '../shared/adapters/redis-store.js';
import { SystemClock } from '../shared/adapters/system-clock.js';
import { createSubgraphApollo, formatSubgraphError } from '../shared/graphql/create-subgraph-apollo.js';
import type { SubgraphOperationLimits } from '../shared/graphql/operation-limits.js';
import type { Clock } from '../shared/ports/clock.js';
import type { EventFeed } from '../shared/ports/event-feed.js';
import type { IdGenerator } from '../shared/ports/id-generator.js';
import { processMetricsRegistry } from '../shared/process-metrics.js';
import { signatureVerifierFor } from '../shared/signature-verifier.js';
import type { StorageOptions } from '../shared/storage-config.js';
import { MemoryReservationReader } from './adapters/memory-reservation-reader.js';
import { MemoryStockReader } from './adapters/memory-stock-reader.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { INVENTORY_PARTITIONING } from './adapters/redis-partitioning.js';
import { RedisReservationReader } from './adapters/redis-reservation-reader.js';
import { seedRedisCatalog } from './adapters/redis-seed-catalog.js';
import { RedisStockReader } from './adapters/redis-stock-reader.js';
import { RedisUnitOfWork } from './adapters/redis-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createInventoryContext, type InventoryContext } from './graphql/context.js';
import { buildInventorySchema } from './graphql/schema.js';
import type { ReservationReader } from './ports/reservation-reader.js';
import type { StockReader } from './ports/stock-reader.js';
import type { UnitOfWork } from './ports/unit-of-work.js';
import { buildInventoryUseCases, type InventoryUseCases } from './service/use-cases.js';

/** What the inventory service is built from; each has a default. */
export interface InventoryDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill the store with the seeded catalog's stock first. */
  seed: boolean;
  /** The committed events stock-change subscriptions hear; none by default. */
  events: EventFeed;
}

/** The inventory service, built and ready to serve; `store` is the memory or Redis store behind it. */
export interface InventoryApp<TStore = MemoryStore> {
  schema: GraphQLSchema;
  /** The subgraph SDL the service answers `_service { sdl }` with. */
  sdl: string;
  useCases: InventoryUseCases;
  store: TStore;
}

/** Builds the inventory service from its dependencies (defaults: empty store, system clock, random ids, seeded). */
export function buildInventoryApp(deps: Partial<InventoryDependencies> = {}): InventoryApp {
  const store = deps.store ?? new MemoryStore();
  if (deps.seed ?? true) seedCatalog(store);
  const ports = {
    uow: new MemoryUnitOfWork(store),
    stock: new MemoryStockReader(store),
    reservations: new MemoryReservationReader(store),
  };
  return { ...wireInventoryApp(ports, deps), store };
}

/** What the inventory service is built from on Redis; seeding is the service's start-up task. */
export interface RedisInventoryDependencies {
  store: RedisStore;
  clock?: Clock;
  ids?: IdGenerator;
  /** The committed events stock-change subscriptions hear; none by default. */
  events?: EventFeed;
}

/** Builds the inventory service on the Redis adapters. */
export function buildRedisInventoryApp(deps: RedisInventoryDependencies): InventoryApp<RedisStore> {
  const ports = {
    uow: new RedisUnitOfWork(deps.store),
    stock: new RedisStockReader(deps.store),
    reservations: new RedisReservationReader(deps.store),
  };
  return { ...wireInventoryApp(ports, deps), store: deps.store };
}

function wireInventoryApp(
  ports: { uow: UnitOfWork; stock: StockReader; reservations: ReservationReader },
  deps: { clock?: Clock; ids?: IdGenerator; events?: EventFeed },
) {
  const useCases = buildInventoryUseCases({
    ...ports,
    events: deps.events ?? NO_EVENTS,
    clock: deps.clock ?? new SystemClock(),
    ids: deps.ids ?? new RandomIdGenerator(),
  });
  const schema = buildInventorySchema(useCases);
  return { schema, sdl: printSubgraphSchema(schema), useCases };
}

/** Options of `startInventoryService`. */
export interface InventoryServiceOptions {
  port: number;
  host?: string;
  log: Logger;
  /** A prebuilt app (tests); when given, `storage` is not used. */
  app?: InventoryApp<unknown>;
  /** Where stock lives; defaults to seeded memory. Redis seeds itself once reachable. */
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

/** Serves the inventory subgraph over HTTP until the returned server is closed. */
export async function startInventoryService(options: InventoryServiceOptions): Promise<RunningServer> {
  const redis =
    options.app === undefined && options.storage?.kind === 'redis'
      ? new RedisRuntime({
          service: 'inventory',
          storage: options.storage,
          log: options.log,
          prepare: (store) => seedRedisCatalog(store),
          partitioning: INVENTORY_PARTITIONING,
        })
      : undefined;
  const bus = options.events ?? new MemoryEventBus();
  const redisEvents =
    redis &&
    new RedisEventFeed(redis.client, { stream: redis.eventStreamKey('inventory'), log: options.log });
  if (redis && redisEvents) redis.run(redisEvents);
  const memoryApp =
    options.app === undefined && !redis
      ? buildInventoryApp({ events: new MemoryEventFeed(bus, 'inventory') })
      : undefined;
  const app =
    options.app ??
    memoryApp ??
    buildRedisInventoryApp({
      store: (redis as RedisRuntime).store,
      ...(redisEvents && { events: redisEvents }),
    });
  const apollo = createSubgraphApollo<InventoryContext>({
    schema: app.schema,
    log: options.log,
    production: options.production ?? false,
    ...(options.limits && { limits: options.limits }),
  });
  const verifier = signatureVerifierFor(options.signing, { log: options.log, redis });
  const start = (readiness?: () => Promise<Readiness>) =>
    startGraphQLHttpServer<InventoryContext>({
      service: 'inventory',
      port: options.port,
      ...(options.host !== undefined && { host: options.host }),
      log: options.log,
      apollo,
      context: (scope) => createInventoryContext(scope, app.useCases.getInventory),
      readiness,
      metrics: options.metrics ?? processMetricsRegistry(),
      ...(verifier && { verifier }),
      subscriptions: {
        schema: app.schema,
        formatError: (error) => formatSubgraphError(toFormatted(error), error, options.log),
      },
    });
  if (redis) return redis.serve(start);
  const server = await start();
  if (!memoryApp) return server;
  return relayBeside(
    server,
    new MemoryOutboxRelay(memoryApp.store, bus, options.log, { source: 'inventory' }),
  );
}

/** An operation error over WebSocket as Apollo Server would have formatted it, before the subgraph's own formatting. */
function toFormatted(error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError))
    return { message: String(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  const formatted = error.toJSON();
  const unexpected = error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
  if (formatted.extensions?.code !== undefined || !unexpected) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
}
