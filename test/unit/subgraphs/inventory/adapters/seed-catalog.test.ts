import { describe, expect, it } from 'vitest';
import { MemoryStockReader } from '../../../../../subgraphs/inventory/adapters/memory-stock-reader.js';
import { seedCatalog, seedStockLevels } from '../../../../../subgraphs/inventory/adapters/seed-catalog.js';
import { WAREHOUSE_CODES } from '../../../../../subgraphs/inventory/domain/warehouse-code.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { seedProductIds } from '../../../../../subgraphs/shared/seed.js';
import { outboxOf } from '../../../../helpers/inventory-builders.js';

describe('the seeded stock', () => {
  const levels = seedStockLevels();

  it('is the same on every call', () => {
    expect(seedStockLevels()).toEqual(levels);
  });

  it('stocks every seeded product in one to three known warehouses, each at most once', () => {
    const byProduct = new Map<string, typeof levels>();
    for (const level of levels)
      byProduct.set(level.productId, [...(byProduct.get(level.productId) ?? []), level]);
    expect([...byProduct.keys()]).toEqual(seedProductIds());
    for (const [productId, stocked] of byProduct) {
      const warehouses = stocked.map((level) => level.warehouse);
      expect(new Set(warehouses).size, productId).toBe(warehouses.length);
      expect(warehouses.length, productId).toBeGreaterThanOrEqual(1);
      expect(warehouses.length, productId).toBeLessThanOrEqual(3);
      for (const warehouse of warehouses) expect(WAREHOUSE_CODES).toContain(warehouse);
    }
  });

  it('keeps 0 <= reserved <= onHand in whole units', () => {
    for (const { onHand, reserved } of levels) {
      expect(Number.isInteger(onHand) && Number.isInteger(reserved)).toBe(true);
      expect(reserved).toBeGreaterThanOrEqual(0);
      expect(reserved).toBeLessThanOrEqual(onHand);
    }
  });

  it('leaves some products out of stock and most in stock', async () => {
    const store = new MemoryStore();
    seedCatalog(store);
    const inventories = await new MemoryStockReader(store).getMany(seedProductIds());
    const inStock = inventories.filter((inventory) => inventory.inStock).length;
    expect(inStock).toBeGreaterThan(700);
    expect(inStock).toBeLessThan(1_000);
  });

  it('writes no events: seeding is not a domain change', async () => {
    const store = new MemoryStore();
    seedCatalog(store);
    expect(await outboxOf(store)).toEqual([]);
  });
});
