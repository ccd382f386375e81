import { describe, expect, it } from 'vitest';
import {
  aPricingApp,
  outboxEvents,
  storedPrice,
  storePrice,
  TEST_NOW,
} from '../../../../helpers/pricing-builders.js';

describe('SetDefaultPrice', () => {
  it("gives a new product the catalog's default price and records PriceChanged", async () => {
    const app = aPricingApp();

    const price = await app.useCases.setDefaultPrice.execute({ productId: 'p-new', eventId: 'created-1' });

    expect(price?.toSnapshot()).toEqual({
      productId: 'p-new',
      currency: 'EUR',
      listAmount: 999,
      saleAmount: null,
      validFrom: TEST_NOW,
      validTo: null,
    });
    expect(storedPrice(app.store, 'p-new')?.version).toBe(1);
    expect(await outboxEvents(app.store)).toMatchObject([{ type: 'PriceChanged', aggregateId: 'p-new' }]);
  });

  it('changes nothing when the same event arrives again', async () => {
    const app = aPricingApp();
    await app.useCases.setDefaultPrice.execute({ productId: 'p-new', eventId: 'created-1' });

    const again = await app.useCases.setDefaultPrice.execute({ productId: 'p-new', eventId: 'created-1' });

    expect(again).toBeUndefined();
    expect(storedPrice(app.store, 'p-new')?.version).toBe(1);
    expect(await outboxEvents(app.store)).toHaveLength(1);
  });

  it('keeps a price that was set before the event arrived', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-new', { listAmount: 4_500 });

    expect(
      await app.useCases.setDefaultPrice.execute({ productId: 'p-new', eventId: 'created-1' }),
    ).toBeUndefined();
    expect(storedPrice(app.store, 'p-new')?.value.listAmount).toBe(4_500);
    expect(await outboxEvents(app.store)).toEqual([]);
  });

  it('refuses an unusable product id, naming productId', async () => {
    const app = aPricingApp();
    await expect(
      app.useCases.setDefaultPrice.execute({ productId: ' ', eventId: 'e' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'productId',
    });
  });
});
