import { describe, expect, it } from 'vitest';
import { INVENTORY_PARTITIONING } from '../../../../../subgraphs/inventory/adapters/redis-partitioning.js';
import { PRICING_PARTITIONING } from '../../../../../subgraphs/pricing/adapters/redis-partitioning.js';
import {
  partitionIndex,
  RedisKeyLayout,
  SINGLE_PARTITION,
} from '../../../../../subgraphs/shared/adapters/redis-key-layout.js';
import { seedProductIds } from '../../../../../subgraphs/shared/seed.js';

describe('RedisKeyLayout', () => {
  it('keeps the flat keys of a single Redis when it has no partitioning', () => {
    const layout = new RedisKeyLayout('hexagraph:inventory:');
    expect(layout.tagged).toBe(false);
    expect(layout.partitionOf('stock-levels', 'p-0001:AMS')).toBe(0);
    expect(layout.recordKey(0, 'stock-levels', 'p-0001:AMS')).toBe(
      'hexagraph:inventory:stock-levels:p-0001:AMS',
    );
    expect(layout.indexKey(0, 'products')).toBe('hexagraph:inventory:index:products');
    expect(layout.outboxKey(0)).toBe('hexagraph:inventory:outbox');
    expect(layout.sequenceKey(0)).toBe('hexagraph:inventory:outbox:sequence');
  });

  it("puts every key of a partition under the partition's hash tag", () => {
    const layout = new RedisKeyLayout('hexagraph:inventory:', INVENTORY_PARTITIONING);
    const partition = layout.partitionOf('stock-levels', 'p-0001:AMS')!;
    expect(layout.recordKey(partition, 'stock-levels', 'p-0001:AMS')).toBe(
      `{hexagraph:inventory:${partition}}:stock-levels:p-0001:AMS`,
    );
    expect(layout.outboxKey(partition)).toBe(`{hexagraph:inventory:${partition}}:outbox`);
    expect(new RedisKeyLayout('hexagraph:product:', SINGLE_PARTITION).recordKey(0, 'products', 'p-1')).toBe(
      '{hexagraph:product}:products:p-1',
    );
  });

  it("keeps a product's stock levels together, and leaves reservations to be looked for", () => {
    const layout = new RedisKeyLayout('hexagraph:inventory:', INVENTORY_PARTITIONING);
    const partitions = ['AMS', 'BER', 'LIS'].map((warehouse) =>
      layout.partitionOf('stock-levels', `p-0042:${warehouse}`),
    );
    expect(new Set(partitions).size).toBe(1);
    expect(partitions[0]).toBe(
      new RedisKeyLayout('x:', PRICING_PARTITIONING).partitionOf('prices', 'p-0042'),
    );
    expect(layout.partitionOf('reservations', 'r-1')).toBeUndefined();
  });

  it('spreads the seeded catalog over every partition', () => {
    const counts = new Array(16).fill(0);
    for (const id of seedProductIds()) counts[partitionIndex(id, 16)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(1_000 / 16 / 2);
  });

  it('refuses a partition count that is not a whole number >= 1', () => {
    expect(() => new RedisKeyLayout('x:', { count: 0, partitionKey: () => undefined })).toThrow(
      'A partitioning needs a whole number of partitions >= 1 (got 0).',
    );
  });
});
