import { describe, expect, it } from 'vitest';
import { Price } from '../../../subgraphs/pricing/domain/price.js';
import { aChangeContext, aPriceInput } from '../../helpers/pricing-builders.js';
import type { AdapterFactory, PricingPorts } from './storage-adapters.js';

/** The behaviour every PriceReader must have; `makeAdapter` gives fresh, empty storage. */
export function describePriceReaderContract(name: string, makeAdapter: AdapterFactory<PricingPorts>): void {
  describe(`PriceReader contract: ${name}`, () => {
    it('answers many products in their order, undefined where unpriced', async () => {
      const { uow, prices } = makeAdapter();
      // One unit of work per product, as each use case does (on a cluster they are apart).
      await uow.run((tx) =>
        tx.prices.save(Price.create('p-1', aPriceInput({ listAmount: 100 }), aChangeContext())),
      );
      await uow.run((tx) =>
        tx.prices.save(
          Price.create('p-2', aPriceInput({ listAmount: 200, currency: 'GBP' }), aChangeContext()),
        ),
      );

      const found = await prices.getMany(['p-2', 'p-none', 'p-1']);

      expect(
        found.map((price) => price && [price.productId, price.effectivePrice.amount, price.currency.code]),
      ).toEqual([['p-2', 200, 'GBP'], undefined, ['p-1', 100, 'EUR']]);
      expect(found[0]?.version).toBe(1);
    });

    it('sees only committed prices', async () => {
      const { uow, prices } = makeAdapter();
      const seenDuringWork = await uow.run(async (tx) => {
        await tx.prices.save(Price.create('p-1', aPriceInput(), aChangeContext()));
        return (await prices.getMany(['p-1']))[0];
      });
      expect(seenDuringWork).toBeUndefined();
      expect((await prices.getMany(['p-1']))[0]).toBeDefined();
    });

    it('answers an empty batch with an empty list', async () => {
      const { prices } = makeAdapter();
      expect(await prices.getMany([])).toEqual([]);
    });
  });
}
