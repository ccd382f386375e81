import { hostname } from 'node:os';
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
import { CommittedProcessedEventIds } from '../shared/adapters/redis-processed-events.js';
import { RedisRuntime } from '../shared/adapters/redis-runtime.js';
import type { RedisStore } from '../shared/adapters/redis-store.js';
import { RedisStreamConsumer } from '../shared/adapters/redis-stream-consumer.js';
import { SubgraphMetrics } from '../shared/adapters/subgraph-metrics.js';
import { SystemClock } from '../shared/adapters/system-clock.js';
import { createSubgraphApollo } from '../shared/graphql/create-subgraph-apollo.js';
import type { SubgraphOperationLimits } from '../shared/graphql/operation-limits.js';
import type { Clock } from '../shared/ports/clock.js';
import type { EventMetrics } from '../shared/ports/event-metrics.js';
import type { IdGenerator } from '../shared/ports/id-generator.js';
import { processMetricsRegistry } from '../shared/process-metrics.js';
import { signatureVerifierFor } from '../shared/signature-verifier.js';
import type { StorageOptions } from '../shared/storage-config.js';
import { MemoryPriceReader } from './adapters/memory-price-reader.js';
import { MemoryUnitOfWork } from './adapters/memory-unit-of-work.js';
import { productEventHandler } from './adapters/product-event-handler.js';
import { PRICING_PARTITIONING } from './adapters/redis-partitioning.js';
import { RedisPriceReader } from './adapters/redis-price-reader.js';
import { seedRedisCatalog } from './adapters/redis-seed-catalog.js';
import { RedisUnitOfWork } from './adapters/redis-unit-of-work.js';
import { seedCatalog } from './adapters/seed-catalog.js';
import { createPricingContext, type PricingContext } from './graphql/context.js';
import { buildPricingSchema } from './graphql/schema.js';
import type { PriceReader } from './ports/price-reader.js';
import type { UnitOfWork } from './ports/unit-of-work.js';
import { buildPricingUseCases, type PricingUseCases } from './service/use-cases.js';

/** What the pricing service is built from; every part can be replaced in tests. */
export interface PricingDependencies {
  store: MemoryStore;
  clock: Clock;
  ids: IdGenerator;
  /** Fill the store with the deterministic catalog's prices on build. */
  seed: boolean;
}

/** A wired pricing subgraph, ready to be served; `store` is the memory or Redis store behind it. */
export interface PricingApp<TStore = MemoryStore> {
  schema: GraphQLSchema;
  /** The subgraph SDL as `_service { sdl }` answers it. */
  sdl: string;
  useCases: PricingUseCases;
  store: TStore;
}

/** Composition root: builds adapters, use cases and the schema by plain constructor injection. */
export function buildPricingApp(deps: Partial<PricingDependencies> = {}): PricingApp {
  const store = deps.store ?? new MemoryStore();
  if (deps.seed ?? true) seedCatalog(store);
  return { ...wirePricingApp(new MemoryUnitOfWork(store), new MemoryPriceReader(store), deps), store };
}

/** What the pricing service is built from on Redis; seeding is the service's start-up task. */
export interface RedisPricingDependencies {
  store: RedisStore;
  clock?: Clock;
  ids?: IdGenerator;
}

/** Composition root on Redis: the same use cases and schema over the Redis adapters. */
export function buildRedisPricingApp(deps: RedisPricingDependencies): PricingApp<RedisStore> {
  const app = wirePricingApp(new RedisUnitOfWork(deps.store), new RedisPriceReader(deps.store), deps);
  return { ...app, store: deps.store };
}

function wirePricingApp(uow: UnitOfWork, prices: PriceReader, deps: { clock?: Clock; ids?: IdGenerator }) {
  const useCases = buildPricingUseCases({
    uow,
    prices,
    clock: deps.clock ?? new SystemClock(),
    ids: deps.ids ?? new RandomIdGenerator(),
  });
  const schema = buildPricingSchema(useCases);
  return { schema, sdl: printSubgraphSchema(schema), useCases };
}

/** The consumer group pricing reads the product subgraph's events in. */
export const PRICING_CONSUMER_GROUP = 'pricing';

/** Options of `startPricingService`. */
export interface PricingServiceOptions {
  port: number;
  host?: string;
  log: Logger;
  /** A prebuilt app (tests); when given, `storage` is not used. */
  app?: PricingApp<unknown>;
  /** Where prices live; defaults to seeded memory. Redis seeds itself once reachable. */
  storage?: StorageOptions;
  /** Hides stack traces from error responses. */
  production?: boolean;
  /** Where its request metrics go and what it serves at `/metrics`; default the process's registry. */
  metrics?: Registry;
  /** Serve only requests signed with one of these secrets; absent: serve unsigned ones (with a warning). */
  signing?: SignatureCheckSettings;
  /** Depth and alias limits of one operation; the defaults when absent. */
  limits?: SubgraphOperationLimits;
  /**
   * On memory storage, where the outbox's events go and where the product subgraph's events come
   * from (`npm start` shares one bus among the subgraphs).
   */
  events?: MemoryEventBus;
  /** Failed deliveries of one of product's events before it becomes a dead letter (default 5). */
  eventMaxAttempts?: number;
  /** Counts dead letters; default a counter in the registry served at `/metrics`. */
  eventMetrics?: EventMetrics;
}

/**
 * Serves the pricing subgraph over HTTP until the returned server is closed. It also consumes the
 * product subgraph's events, giving every created product a default price: from the product
 * stream on Redis, from the in-process event bus on memory.
 */
export async function startPricingService(options: PricingServiceOptions): Promise<RunningServer> {
  const { storage, log } = options;
  const registry = options.metrics ?? processMetricsRegistry();
  const eventMetrics = options.eventMetrics ?? new SubgraphMetrics(registry);
  let redis: RedisRuntime | undefined;
  let app: PricingApp<unknown>;
  let memoryApp: PricingApp | undefined;
  if (options.app === undefined && storage?.kind === 'redis') {
    redis = new RedisRuntime({
      service: 'pricing',
      storage,
      log,
      prepare: (store) => seedRedisCatalog(store),
      partitioning: PRICING_PARTITIONING,
    });
    const redisApp = buildRedisPricingApp({ store: redis.store });
    redis.run(
      new RedisStreamConsumer(redis.client, {
        stream: redis.eventStreamKey('product'),
        source: 'product',
        group: PRICING_CONSUMER_GROUP,
        ...(options.eventMaxAttempts !== undefined && { maxAttempts: options.eventMaxAttempts }),
        metrics: eventMetrics,
        consumer: `${hostname()}:${process.pid}`,
        handle: productEventHandler(redisApp.useCases.setDefaultPrice),
        // SetDefaultPrice marks the event applied in the unit of work that sets the price.
        processed: new CommittedProcessedEventIds(redis.store),
        log,
      }),
    );
    app = redisApp;
  } else {
    memoryApp = options.app === undefined ? buildPricingApp() : undefined;
    app = options.app ?? (memoryApp as PricingApp);
  }
  const apollo = createSubgraphApollo<PricingContext>({
    schema: app.schema,
    log,
    production: options.production ?? false,
    ...(options.limits && { limits: options.limits }),
  });
  const verifier = signatureVerifierFor(options.signing, { log: log, redis });
  const start = (readiness?: () => Promise<Readiness>) =>
    startGraphQLHttpServer<PricingContext>({
      service: 'pricing',
      port: options.port,
      ...(options.host !== undefined && { host: options.host }),
      log,
      apollo,
      context: (scope) => createPricingContext(scope, app.useCases.getPrices),
      readiness,
      metrics: registry,
      ...(verifier && { verifier }),
    });
  if (redis) return redis.serve(start);
  const server = await start();
  if (!memoryApp) return server;
  const bus = options.events ?? new MemoryEventBus();
  bus.subscribe('product', productEventHandler(memoryApp.useCases.setDefaultPrice), {
    subscriber: PRICING_CONSUMER_GROUP,
    log,
    ...(options.eventMaxAttempts !== undefined && { maxAttempts: options.eventMaxAttempts }),
    metrics: eventMetrics,
  });
  return relayBeside(server, new MemoryOutboxRelay(memoryApp.store, bus, log, { source: 'pricing' }));
}
