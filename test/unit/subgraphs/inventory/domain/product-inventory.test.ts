import { describe, expect, it } from 'vitest';
import { ProductInventory } from '../../../../../subgraphs/inventory/domain/product-inventory.js';
import { aStockLevel } from '../../../../helpers/inventory-builders.js';

describe('ProductInventory', () => {
  it('sums its warehouse levels and lists them in warehouse order', () => {
    const inventory = new ProductInventory('p-0001', [
      aStockLevel({ warehouse: 'LIS', onHand: 5, reserved: 1 }),
      aStockLevel({ warehouse: 'AMS', onHand: 10, reserved: 4 }),
    ]);
    expect(inventory.onHand).toBe(15);
    expect(inventory.reserved).toBe(5);
    expect(inventory.available).toBe(10);
    expect(inventory.inStock).toBe(true);
    expect(inventory.levels.map((level) => level.warehouse)).toEqual(['AMS', 'LIS']);
  });

  it('is all zeros and out of stock for a product with no stock records', () => {
    const inventory = new ProductInventory('p-9999', []);
    expect([inventory.onHand, inventory.reserved, inventory.available]).toEqual([0, 0, 0]);
    expect(inventory.inStock).toBe(false);
    expect(inventory.mostAvailable()).toBeUndefined();
  });

  it('is out of stock when every unit on hand is reserved', () => {
    const inventory = new ProductInventory('p-0001', [
      aStockLevel({ warehouse: 'AMS', onHand: 3, reserved: 3 }),
      aStockLevel({ warehouse: 'BER', onHand: 0, reserved: 0 }),
    ]);
    expect(inventory.inStock).toBe(false);
  });

  it('draws from the warehouse with the most available, the earliest on a tie', () => {
    const inventory = new ProductInventory('p-0001', [
      aStockLevel({ warehouse: 'LIS', onHand: 9, reserved: 0 }),
      aStockLevel({ warehouse: 'AMS', onHand: 20, reserved: 15 }),
      aStockLevel({ warehouse: 'BER', onHand: 9, reserved: 0 }),
    ]);
    expect(inventory.mostAvailable()?.warehouse).toBe('BER');
  });
});
