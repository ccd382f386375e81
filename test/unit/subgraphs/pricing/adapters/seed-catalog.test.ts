import { beforeAll, describe, expect, it } from 'vitest';
import { PRICE_COLLECTION } from '../../../../../subgraphs/pricing/adapters/memory-price-repository.js';
import { seedCatalog } from '../../../../../subgraphs/pricing/adapters/seed-catalog.js';
import { Price, type PriceSnapshot } from '../../../../../subgraphs/pricing/domain/price.js';
import { MemoryStore } from '../../../../../subgraphs/shared/adapters/memory-store.js';
import { SEED_EPOCH, seedProductIds } from '../../../../../subgraphs/shared/seed.js';
import { outboxEvents, storedPrice, storePrice } from '../../../../helpers/pricing-builders.js';

describe('seedCatalog', () => {
  const store = new MemoryStore();
  let prices: PriceSnapshot[];
  beforeAll(() => {
    expect(seedCatalog(store)).toBe(1_000);
    prices = store.all<PriceSnapshot>(PRICE_COLLECTION).map((stored) => stored.value);
  });

  it('prices every seeded product, p-0001 to p-1000', () => {
    expect(prices.map((price) => price.productId)).toEqual(seedProductIds());
  });

  it('gives the same prices on every run', () => {
    const again = new MemoryStore();
    seedCatalog(again);
    expect(again.all(PRICE_COLLECTION)).toEqual(store.all(PRICE_COLLECTION));
  });

  it('writes prices that obey every price rule, valid from the seed epoch', () => {
    for (const snapshot of prices) {
      expect(Price.fromSnapshot(snapshot, 1).toSnapshot()).toEqual(snapshot);
      expect(snapshot.validFrom).toBe(SEED_EPOCH);
    }
  });

  it('prices mostly in EUR, some in USD and GBP', () => {
    const count = (currency: string) => prices.filter((price) => price.currency === currency).length;
    expect(count('EUR')).toBeGreaterThan(700);
    expect(count('USD')).toBeGreaterThan(50);
    expect(count('GBP')).toBeGreaterThan(50);
    expect(count('EUR') + count('USD') + count('GBP')).toBe(1_000);
  });

  it('puts about one product in five on sale, below its list price', () => {
    const onSale = prices.filter((price) => price.saleAmount !== null);
    expect(onSale.length).toBeGreaterThan(150);
    expect(onSale.length).toBeLessThan(250);
    for (const price of onSale) expect(price.saleAmount).toBeLessThan(price.listAmount);
  });

  it('records no events: seeding is not a domain change', async () => {
    expect(await outboxEvents(store)).toEqual([]);
  });

  it('keeps a price that is already stored', () => {
    const partlyPriced = new MemoryStore();
    storePrice(partlyPriced, 'p-0002', { listAmount: 5 });
    expect(seedCatalog(partlyPriced, 3)).toBe(2);
    expect(storedPrice(partlyPriced, 'p-0002')?.value.listAmount).toBe(5);
    expect(storedPrice(partlyPriced, 'p-0003')).toBeDefined();
  });
});
