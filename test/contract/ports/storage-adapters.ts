import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { MemoryReservationReader } from '../../../subgraphs/inventory/adapters/memory-reservation-reader.js';
import { MemoryStockReader } from '../../../subgraphs/inventory/adapters/memory-stock-reader.js';
import { MemoryUnitOfWork as MemoryInventoryUnitOfWork } from '../../../subgraphs/inventory/adapters/memory-unit-of-work.js';
import { INVENTORY_PARTITIONING } from '../../../subgraphs/inventory/adapters/redis-partitioning.js';
import { RedisReservationReader } from '../../../subgraphs/inventory/adapters/redis-reservation-reader.js';
import { RedisStockReader } from '../../../subgraphs/inventory/adapters/redis-stock-reader.js';
import { RedisUnitOfWork as RedisInventoryUnitOfWork } from '../../../subgraphs/inventory/adapters/redis-unit-of-work.js';
import type { ReservationReader } from '../../../subgraphs/inventory/ports/reservation-reader.js';
import type { StockReader } from '../../../subgraphs/inventory/ports/stock-reader.js';
import type { UnitOfWork as InventoryUnitOfWork } from '../../../subgraphs/inventory/ports/unit-of-work.js';
import type { DomainEvent } from '../../../subgraphs/kernel/domain-event.js';
import { MemoryPriceReader } from '../../../subgraphs/pricing/adapters/memory-price-reader.js';
import { MemoryUnitOfWork as MemoryPricingUnitOfWork } from '../../../subgraphs/pricing/adapters/memory-unit-of-work.js';
import { PRICING_PARTITIONING } from '../../../subgraphs/pricing/adapters/redis-partitioning.js';
import { RedisPriceReader } from '../../../subgraphs/pricing/adapters/redis-price-reader.js';
import { RedisUnitOfWork as RedisPricingUnitOfWork } from '../../../subgraphs/pricing/adapters/redis-unit-of-work.js';
import type { PriceReader } from '../../../subgraphs/pricing/ports/price-reader.js';
import type { UnitOfWork as PricingUnitOfWork } from '../../../subgraphs/pricing/ports/unit-of-work.js';
import { MemoryUnitOfWork as MemoryProductUnitOfWork } from '../../../subgraphs/product/adapters/memory-unit-of-work.js';
import { PRODUCT_PARTITIONING } from '../../../subgraphs/product/adapters/redis-partitioning.js';
import { RedisUnitOfWork as RedisProductUnitOfWork } from '../../../subgraphs/product/adapters/redis-unit-of-work.js';
import type { UnitOfWork as ProductUnitOfWork } from '../../../subgraphs/product/ports/unit-of-work.js';
import { MemoryStore } from '../../../subgraphs/shared/adapters/memory-store.js';
import type { RedisPartitioning } from '../../../subgraphs/shared/adapters/redis-key-layout.js';
import { redisKeyPrefix } from '../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../subgraphs/shared/adapters/redis-store.js';
import type { Outbox } from '../../../subgraphs/shared/ports/outbox.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';

/** How a contract suite asks for a fresh, empty adapter. */
export type AdapterFactory<TAdapter> = (options?: { maxAttempts?: number }) => TAdapter;

/** The product subgraph's storage ports, as one adapter provides them. */
export interface ProductPorts {
  uow: ProductUnitOfWork;
  outbox: Outbox;
}

/** The inventory subgraph's storage ports, as one adapter provides them. */
export interface InventoryPorts {
  uow: InventoryUnitOfWork;
  stock: StockReader;
  reservations: ReservationReader;
  outbox: Outbox;
}

/** The pricing subgraph's storage ports, as one adapter provides them. */
export interface PricingPorts {
  uow: PricingUnitOfWork;
  prices: PriceReader;
  outbox: Outbox;
}

/** An outbox, and a way to commit events into it. */
export interface OutboxPorts {
  outbox: Outbox;
  commit(events: readonly DomainEvent[]): Promise<void>;
}

/** The memory adapters: an empty MemoryStore each time. */
export const memoryAdapters = {
  product: ((options = {}) => {
    const store = new MemoryStore();
    return { uow: new MemoryProductUnitOfWork(store, options.maxAttempts), outbox: store };
  }) satisfies AdapterFactory<ProductPorts>,
  inventory: ((options = {}) => {
    const store = new MemoryStore();
    return {
      uow: new MemoryInventoryUnitOfWork(store, options.maxAttempts),
      stock: new MemoryStockReader(store),
      reservations: new MemoryReservationReader(store),
      outbox: store,
    };
  }) satisfies AdapterFactory<InventoryPorts>,
  pricing: ((options = {}) => {
    const store = new MemoryStore();
    return {
      uow: new MemoryPricingUnitOfWork(store, options.maxAttempts),
      prices: new MemoryPriceReader(store),
      outbox: store,
    };
  }) satisfies AdapterFactory<PricingPorts>,
  outbox: (() => {
    const store = new MemoryStore();
    return {
      outbox: store,
      commit: async (events) => {
        const tx = store.begin();
        tx.record(events);
        tx.commit();
      },
    };
  }) satisfies AdapterFactory<OutboxPorts>,
};

/**
 * The Redis adapters on `redis`: a store under a namespace of its own each time, so it starts empty.
 * `partitioned` lays the keys out as on a Redis Cluster: hash-tagged partitions, each subgraph's own.
 */
export function redisAdapters(redis: RedisClient, options: { partitioned?: boolean } = {}) {
  const partitionings: Record<string, RedisPartitioning> = {
    product: PRODUCT_PARTITIONING,
    inventory: INVENTORY_PARTITIONING,
    pricing: PRICING_PARTITIONING,
    outbox: INVENTORY_PARTITIONING,
  };
  const store = (service: string) =>
    new RedisStore(
      redis,
      redisKeyPrefix(uniqueRedisNamespace(service), service),
      options.partitioned ? partitionings[service] : undefined,
    );
  return {
    product: ((options = {}) => {
      const products = store('product');
      return { uow: new RedisProductUnitOfWork(products, options.maxAttempts), outbox: products };
    }) satisfies AdapterFactory<ProductPorts>,
    inventory: ((options = {}) => {
      const inventory = store('inventory');
      return {
        uow: new RedisInventoryUnitOfWork(inventory, options.maxAttempts),
        stock: new RedisStockReader(inventory),
        reservations: new RedisReservationReader(inventory),
        outbox: inventory,
      };
    }) satisfies AdapterFactory<InventoryPorts>,
    pricing: ((options = {}) => {
      const pricing = store('pricing');
      return {
        uow: new RedisPricingUnitOfWork(pricing, options.maxAttempts),
        prices: new RedisPriceReader(pricing),
        outbox: pricing,
      };
    }) satisfies AdapterFactory<PricingPorts>,
    outbox: (() => {
      const outbox = store('outbox');
      return {
        outbox,
        commit: async (events) => {
          const tx = outbox.begin();
          tx.record(events);
          await tx.commit();
        },
      };
    }) satisfies AdapterFactory<OutboxPorts>,
  };
}
