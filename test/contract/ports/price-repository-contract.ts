import { describe, expect, it } from 'vitest';
import { Price } from '../../../subgraphs/pricing/domain/price.js';
import { aChangeContext, aPriceInput } from '../../helpers/pricing-builders.js';
import type { AdapterFactory, PricingPorts } from './storage-adapters.js';

/** The behaviour every PriceRepository must have; `makeAdapter` gives fresh, empty storage. */
export function describePriceRepositoryContract(
  name: string,
  makeAdapter: AdapterFactory<PricingPorts>,
): void {
  describe(`PriceRepository contract: ${name}`, () => {
    it('has no price for a product never priced', async () => {
      const { uow } = makeAdapter();
      expect(await uow.run((tx) => tx.prices.get('p-1'))).toBeUndefined();
    });

    it('returns a committed price as saved, moving its version on with every save', async () => {
      const { uow } = makeAdapter();
      const created = Price.create(
        'p-1',
        aPriceInput({ listAmount: 500, saleAmount: 450 }),
        aChangeContext(),
      );
      await uow.run((tx) => tx.prices.save(created));
      const first = await uow.run((tx) => tx.prices.get('p-1'));
      await uow.run(async (tx) => {
        const price = (await tx.prices.get('p-1'))!;
        price.replace(aPriceInput({ listAmount: 700 }), aChangeContext({ eventId: 'evt-2' }));
        await tx.prices.save(price);
      });
      const second = await uow.run((tx) => tx.prices.get('p-1'));

      expect(first?.toSnapshot()).toEqual(created.toSnapshot());
      expect(first?.version).toBe(1);
      expect(second?.version).toBe(2);
      expect(second?.listPrice.amount).toBe(700);
    });

    it('commits the events a saved price recorded into the outbox, in order', async () => {
      const { uow, outbox } = makeAdapter();
      await uow.run((tx) =>
        tx.prices.save(Price.create('p-1', aPriceInput(), aChangeContext({ eventId: 'evt-1' }))),
      );
      await uow.run((tx) =>
        tx.prices.save(Price.create('p-2', aPriceInput(), aChangeContext({ eventId: 'evt-2' }))),
      );
      expect((await outbox.pending(10)).map((entry) => [entry.event.id, entry.event.type])).toEqual([
        ['evt-1', 'PriceChanged'],
        ['evt-2', 'PriceChanged'],
      ]);
    });

    it('commits each event once when the work saves a price twice', async () => {
      const { uow, outbox } = makeAdapter();
      await uow.run(async (tx) => {
        const price = Price.create(
          'p-1',
          aPriceInput({ listAmount: 500 }),
          aChangeContext({ eventId: 'evt-1' }),
        );
        await tx.prices.save(price);
        price.replace(aPriceInput({ listAmount: 600 }), aChangeContext({ eventId: 'evt-2' }));
        await tx.prices.save(price);
      });

      expect((await outbox.pending(10)).map((entry) => entry.event.id)).toEqual(['evt-1', 'evt-2']);
      expect(await uow.run((tx) => tx.prices.get('p-1'))).toMatchObject({ version: 1 });
    });

    it('shows the unit of work its own saves, and writes nothing when the work throws', async () => {
      const { uow, outbox } = makeAdapter();
      await expect(
        uow.run(async (tx) => {
          await tx.prices.save(Price.create('p-1', aPriceInput({ listAmount: 321 }), aChangeContext()));
          expect((await tx.prices.get('p-1'))?.listPrice.amount).toBe(321);
          throw new Error('declined');
        }),
      ).rejects.toThrow('declined');
      expect(await uow.run((tx) => tx.prices.get('p-1'))).toBeUndefined();
      expect(await outbox.pending(10)).toEqual([]);
    });

    it('runs the work again when a rival replaced the price after the work read it', async () => {
      const { uow } = makeAdapter();
      await uow.run((tx) =>
        tx.prices.save(Price.create('p-1', aPriceInput({ listAmount: 1000 }), aChangeContext())),
      );
      const seen: number[] = [];

      await uow.run(async (tx) => {
        const price = (await tx.prices.get('p-1'))!;
        seen.push(price.listPrice.amount);
        if (seen.length === 1) {
          await uow.run(async (rival) => {
            const theirs = (await rival.prices.get('p-1'))!;
            theirs.replace(aPriceInput({ listAmount: 2000 }), aChangeContext());
            await rival.prices.save(theirs);
          });
        }
        price.replace(aPriceInput({ listAmount: price.listPrice.amount + 1 }), aChangeContext());
        await tx.prices.save(price);
      });

      expect(seen).toEqual([1000, 2000]);
      expect(await uow.run((tx) => tx.prices.get('p-1'))).toMatchObject({ version: 3 });
      expect((await uow.run((tx) => tx.prices.get('p-1')))?.listPrice.amount).toBe(2001);
    });
  });
}
