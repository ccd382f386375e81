import { describe, expect, it } from 'vitest';
import { StockLevel } from '../../../subgraphs/inventory/domain/stock-level.js';
import { aChangeContext } from '../../helpers/inventory-builders.js';
import { storeLevels } from './inventory-fixtures.js';
import type { AdapterFactory, InventoryPorts } from './storage-adapters.js';

/** The behaviour every StockRepository must have; `makeAdapter` gives fresh, empty storage. */
export function describeStockRepositoryContract(
  name: string,
  makeAdapter: AdapterFactory<InventoryPorts>,
): void {
  describe(`StockRepository contract: ${name}`, () => {
    it('has no level for a product a warehouse never held', async () => {
      const { uow } = makeAdapter();
      await uow.run(async (tx) => {
        expect(await tx.stock.get('p-1', 'AMS')).toBeUndefined();
        const inventory = await tx.stock.getInventory('p-1');
        expect(inventory.levels).toEqual([]);
        expect([inventory.onHand, inventory.reserved, inventory.available]).toEqual([0, 0, 0]);
      });
    });

    it('returns a committed level as saved, moving its version on with every save', async () => {
      const { uow } = makeAdapter();
      await uow.run(async (tx) => {
        const level = StockLevel.empty('p-1', 'BER');
        level.adjust(7, aChangeContext());
        await tx.stock.save(level);
      });
      const first = await uow.run((tx) => tx.stock.get('p-1', 'BER'));
      await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'BER'))!;
        level.adjust(-2, aChangeContext({ eventId: 'e-2' }));
        await tx.stock.save(level);
      });
      const second = await uow.run((tx) => tx.stock.get('p-1', 'BER'));

      expect(first?.toSnapshot()).toEqual({ productId: 'p-1', warehouse: 'BER', onHand: 7, reserved: 0 });
      expect(first?.version).toBe(1);
      expect(second).toMatchObject({ version: 2, onHand: 5 });
    });

    it("gathers a product's levels in warehouse order, and no other product's", async () => {
      const { uow } = makeAdapter();
      await storeLevels(
        uow,
        { productId: 'p-1', warehouse: 'LIS', onHand: 4, reserved: 1 },
        { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 2 },
        { productId: 'p-2', warehouse: 'BER', onHand: 99, reserved: 0 },
      );

      const inventory = await uow.run((tx) => tx.stock.getInventory('p-1'));

      expect(inventory.levels.map((level) => level.warehouse)).toEqual(['AMS', 'LIS']);
      expect([inventory.onHand, inventory.reserved, inventory.available]).toEqual([14, 3, 11]);
    });

    it('shows the unit of work its own saves before they are committed', async () => {
      const { uow } = makeAdapter();
      const onHand = await uow.run(async (tx) => {
        const level = StockLevel.empty('p-7', 'LIS');
        level.adjust(4, aChangeContext());
        await tx.stock.save(level);
        return [(await tx.stock.get('p-7', 'LIS'))?.onHand, (await tx.stock.getInventory('p-7')).onHand];
      });
      expect(onHand).toEqual([4, 4]);
    });

    it('writes nothing, events included, when the work throws after saving', async () => {
      const { uow, outbox } = makeAdapter();
      await expect(
        uow.run(async (tx) => {
          const level = StockLevel.empty('p-1', 'AMS');
          level.adjust(3, aChangeContext());
          await tx.stock.save(level);
          throw new Error('declined');
        }),
      ).rejects.toThrow('declined');
      expect(await uow.run((tx) => tx.stock.get('p-1', 'AMS'))).toBeUndefined();
      expect(await outbox.pending(10)).toEqual([]);
    });

    it('commits the events a saved level recorded into the outbox', async () => {
      const { uow, outbox } = makeAdapter();
      await uow.run(async (tx) => {
        const level = StockLevel.empty('p-1', 'AMS');
        level.adjust(3, aChangeContext({ eventId: 'e-adjusted' }));
        await tx.stock.save(level);
      });
      const entries = await outbox.pending(10);
      expect(entries.map((entry) => [entry.event.id, entry.event.type, entry.event.payload])).toEqual([
        [
          'e-adjusted',
          'StockAdjusted',
          { productId: 'p-1', warehouse: 'AMS', delta: 3, onHand: 3, reserved: 0 },
        ],
      ]);
    });
  });
}
