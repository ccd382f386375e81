import { describe, expect, it } from 'vitest';
import { StockLevel } from '../../../subgraphs/inventory/domain/stock-level.js';
import { aChangeContext } from '../../helpers/inventory-builders.js';
import { storeLevels } from './inventory-fixtures.js';
import type { AdapterFactory, InventoryPorts } from './storage-adapters.js';

/** The behaviour every StockReader must have; `makeAdapter` gives fresh, empty storage. */
export function describeStockReaderContract(name: string, makeAdapter: AdapterFactory<InventoryPorts>): void {
  describe(`StockReader contract: ${name}`, () => {
    it('answers many products in their order, with zeros for products never stocked', async () => {
      const { uow, stock } = makeAdapter();
      await storeLevels(
        uow,
        { productId: 'p-1', warehouse: 'AMS', onHand: 5, reserved: 1 },
        { productId: 'p-1', warehouse: 'BER', onHand: 2, reserved: 0 },
        { productId: 'p-2', warehouse: 'LIS', onHand: 8, reserved: 8 },
      );

      const inventories = await stock.getMany(['p-2', 'p-none', 'p-1']);

      expect(inventories.map((inventory) => inventory.productId)).toEqual(['p-2', 'p-none', 'p-1']);
      expect(
        inventories.map((inventory) => [inventory.onHand, inventory.available, inventory.inStock]),
      ).toEqual([
        [8, 0, false],
        [0, 0, false],
        [7, 6, true],
      ]);
      expect(inventories[2]!.levels.map((level) => [level.warehouse, level.version])).toEqual([
        ['AMS', 1],
        ['BER', 1],
      ]);
    });

    it('sees only committed stock', async () => {
      const { uow, stock } = makeAdapter();
      const seenDuringWork = await uow.run(async (tx) => {
        const level = StockLevel.empty('p-1', 'AMS');
        level.adjust(3, aChangeContext());
        await tx.stock.save(level);
        return (await stock.getMany(['p-1']))[0]!.onHand;
      });
      expect(seenDuringWork).toBe(0);
      expect((await stock.getMany(['p-1']))[0]!.onHand).toBe(3);
    });

    it('answers an empty batch with an empty list', async () => {
      const { stock } = makeAdapter();
      expect(await stock.getMany([])).toEqual([]);
    });
  });
}
