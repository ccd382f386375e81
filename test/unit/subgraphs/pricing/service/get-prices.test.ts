import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryPriceReader } from '../../../../../subgraphs/pricing/adapters/memory-price-reader.js';
import { aPricingApp, storePrice } from '../../../../helpers/pricing-builders.js';

describe('GetPrices', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers N products with one repository call, aligned with the ids asked for', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-1', { listAmount: 100 });
    storePrice(app.store, 'p-3', { listAmount: 300 });
    const getMany = vi.spyOn(MemoryPriceReader.prototype, 'getMany');

    const prices = await app.useCases.getPrices.execute({ productIds: ['p-3', 'p-2', 'p-1'] });

    expect(prices.map((price) => price?.listPrice.amount)).toEqual([300, undefined, 100]);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledWith(['p-3', 'p-2', 'p-1']);
  });

  it('asks the repository nothing for no ids', async () => {
    const getMany = vi.spyOn(MemoryPriceReader.prototype, 'getMany');
    expect(await aPricingApp().useCases.getPrices.execute({ productIds: [] })).toEqual([]);
    expect(getMany).not.toHaveBeenCalled();
  });

  it('serves the seeded catalog', async () => {
    const app = aPricingApp({ seed: true });
    const prices = await app.useCases.getPrices.execute({ productIds: ['p-0001', 'p-1000', 'p-1001'] });
    expect(prices[0]?.productId).toBe('p-0001');
    expect(prices[1]?.productId).toBe('p-1000');
    expect(prices[2]).toBeUndefined();
  });
});
