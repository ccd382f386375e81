import type { RedisPartitioning } from '../../shared/adapters/redis-key-layout.js';
import { STOCK_COLLECTION } from './memory-stock-repository.js';

/**
 * Inventory on a Redis Cluster: partitioned by product, since every use case changes one product's
 * stock (and its reservations). A stock level `p-0001:AMS` lives in the partition of `p-0001`;
 * reservations, known by their own id, are created beside the stock they hold and found by looking.
 * The count is part of the key layout: changing it strands the data written under the old one.
 */
export const INVENTORY_PARTITIONING: RedisPartitioning = {
  count: 16,
  partitionKey: (collection, id) =>
    collection === STOCK_COLLECTION ? id.slice(0, id.lastIndexOf(':')) : undefined,
};
