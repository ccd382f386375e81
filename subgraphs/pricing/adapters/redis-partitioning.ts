import type { RedisPartitioning } from '../../shared/adapters/redis-key-layout.js';
import { PRICE_COLLECTION } from './memory-price-repository.js';

/**
 * Pricing on a Redis Cluster: partitioned by product, since every use case changes one product's
 * price. The ids of applied events are written beside the price they set and found by looking. The
 * count is part of the key layout: changing it strands the data written under the old one.
 */
export const PRICING_PARTITIONING: RedisPartitioning = {
  count: 16,
  partitionKey: (collection, id) => (collection === PRICE_COLLECTION ? id : undefined),
};
