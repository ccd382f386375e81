import { describe, expect, it } from 'vitest';
import { buildInventoryApp } from '../../../../../subgraphs/inventory/app.js';
import { anInventoryApp, aStockSnapshot } from '../../../../helpers/inventory-builders.js';

describe('GetInventory', () => {
  it('answers each product in the order asked, zeros for one never stocked', async () => {
    const app = anInventoryApp([
      aStockSnapshot({ productId: 'p-0001', warehouse: 'LIS', onHand: 4, reserved: 1 }),
      aStockSnapshot({ productId: 'p-0002', warehouse: 'AMS', onHand: 9, reserved: 9 }),
      aStockSnapshot({ productId: 'p-0001', warehouse: 'AMS', onHand: 6, reserved: 0 }),
    ]);
    const inventories = await app.useCases.getInventory.execute(['p-0002', 'p-0404', 'p-0001']);
    expect(
      inventories.map((inventory) => [
        inventory.productId,
        inventory.onHand,
        inventory.available,
        inventory.inStock,
      ]),
    ).toEqual([
      ['p-0002', 9, 0, false],
      ['p-0404', 0, 0, false],
      ['p-0001', 10, 9, true],
    ]);
    expect(inventories[2]?.levels.map((level) => level.warehouse)).toEqual(['AMS', 'LIS']);
  });

  it('serves the seeded catalog when built with its defaults', async () => {
    const inventories = await buildInventoryApp().useCases.getInventory.execute(['p-0001', 'p-1000']);
    expect(inventories).toHaveLength(2);
    for (const inventory of inventories) expect(inventory.levels.length).toBeGreaterThan(0);
  });
});
