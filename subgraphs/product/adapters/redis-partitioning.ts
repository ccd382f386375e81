import { type RedisPartitioning, SINGLE_PARTITION } from '../../shared/adapters/redis-key-layout.js';

/**
 * The product catalog on a Redis Cluster keeps one partition: creating or renaming a product checks
 * that its sku is free and updates the id and category indexes in the same atomic commit, and those
 * span every product. Inventory and pricing, whose use cases each touch one product, spread over
 * partitions of their own.
 */
export const PRODUCT_PARTITIONING: RedisPartitioning = SINGLE_PARTITION;
