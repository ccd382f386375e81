import { describe, expect, it } from 'vitest';
import { PriceNotFound } from '../../../../../subgraphs/pricing/domain/errors.js';
import { aPricingApp, storePrice } from '../../../../helpers/pricing-builders.js';

describe('GetPrice', () => {
  it('answers the price of a priced product', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-1', { listAmount: 100, saleAmount: 80 });
    const price = await app.useCases.getPrice.execute({ productId: 'p-1' });
    expect(price.effectivePrice.amount).toBe(80);
  });

  it('reports NOT_FOUND for a product pricing knows no price for', async () => {
    const attempt = aPricingApp().useCases.getPrice.execute({ productId: 'p-404' });
    await expect(attempt).rejects.toBeInstanceOf(PriceNotFound);
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('p-404'),
    });
  });

  it('refuses a blank product id, naming productId', async () => {
    await expect(aPricingApp().useCases.getPrice.execute({ productId: ' ' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'productId',
    });
  });
});
