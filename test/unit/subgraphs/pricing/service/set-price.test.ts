import { describe, expect, it, vi } from 'vitest';
import { Conflict } from '../../../../../subgraphs/kernel/domain-error.js';
import type { PriceChanged } from '../../../../../subgraphs/pricing/domain/events.js';
import {
  aPricingApp,
  outboxEvents,
  StoreWithRival,
  storedPrice,
  storePrice,
  TEST_NOW,
} from '../../../../helpers/pricing-builders.js';

describe('SetPrice', () => {
  it('creates the price of an unpriced product and records PriceChanged in the outbox', async () => {
    const app = aPricingApp();
    const price = await app.useCases.setPrice.execute({
      productId: 'p-0001',
      currency: 'GBP',
      listAmount: 2500,
    });

    expect(price.effectivePrice.amount).toBe(2500);
    expect(storedPrice(app.store, 'p-0001')).toEqual({
      version: 1,
      value: {
        productId: 'p-0001',
        currency: 'GBP',
        listAmount: 2500,
        saleAmount: null,
        validFrom: TEST_NOW,
        validTo: null,
      },
    });
    expect(await outboxEvents(app.store)).toEqual<PriceChanged[]>([
      {
        id: 'evt-1',
        type: 'PriceChanged',
        aggregateId: 'p-0001',
        occurredAt: TEST_NOW,
        payload: {
          productId: 'p-0001',
          previous: null,
          current: { currency: 'GBP', listAmount: 2500, saleAmount: null, amount: 2500 },
          validFrom: TEST_NOW,
          validTo: null,
        },
      },
    ]);
  });

  it('replaces an existing price, recording the old and new amounts', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-0001', { listAmount: 1999 });
    await app.useCases.setPrice.execute({
      productId: 'p-0001',
      currency: 'EUR',
      listAmount: 1999,
      saleAmount: 1499,
      validTo: '2026-04-01',
    });

    expect(storedPrice(app.store, 'p-0001')).toMatchObject({
      version: 2,
      value: { listAmount: 1999, saleAmount: 1499, validTo: '2026-04-01T00:00:00.000Z' },
    });
    const [event] = (await outboxEvents(app.store)) as PriceChanged[];
    expect(event?.payload.previous).toMatchObject({ amount: 1999, saleAmount: null });
    expect(event?.payload.current).toMatchObject({ amount: 1499, saleAmount: 1499 });
  });

  it('writes nothing when the new terms break a rule', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-0001', { listAmount: 1999 });
    await expect(
      app.useCases.setPrice.execute({
        productId: 'p-0001',
        currency: 'EUR',
        listAmount: 1000,
        saleAmount: 1200,
      }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'saleAmount' });
    await expect(
      app.useCases.setPrice.execute({ productId: 'p-0002', currency: 'XXX', listAmount: 1000 }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });

    expect(storedPrice(app.store, 'p-0001')).toMatchObject({ version: 1, value: { listAmount: 1999 } });
    expect(storedPrice(app.store, 'p-0002')).toBeUndefined();
    expect(await outboxEvents(app.store)).toEqual([]);
  });

  it('refuses a blank product id', async () => {
    await expect(
      aPricingApp().useCases.setPrice.execute({ productId: '', currency: 'EUR', listAmount: 1 }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
  });

  it('retries on a concurrent change and replaces what the rival wrote', async () => {
    const store = new StoreWithRival((rival) => storePrice(rival, 'p-0001', { listAmount: 2000 }));
    const app = aPricingApp({ store });
    storePrice(store, 'p-0001', { listAmount: 1000 });
    store.arm(1);

    await app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'EUR', listAmount: 3000 });

    expect(store.attempts).toBe(2);
    expect(storedPrice(store, 'p-0001')).toMatchObject({ version: 3, value: { listAmount: 3000 } });
    const events = (await outboxEvents(store)) as PriceChanged[];
    expect(events.map((event) => event.payload.previous?.listAmount)).toEqual([2000]);
  });

  it('reports CONFLICT when every attempt loses the race', async () => {
    const store = new StoreWithRival((rival) => storePrice(rival, 'p-0001', { listAmount: 2000 }));
    const app = aPricingApp({ store });
    storePrice(store, 'p-0001', { listAmount: 1000 });
    store.arm(Number.POSITIVE_INFINITY);

    await expect(
      app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'EUR', listAmount: 3000 }),
    ).rejects.toBeInstanceOf(Conflict);
    expect(store.attempts).toBe(5);
    expect(await outboxEvents(store)).toEqual([]);
  });

  it('applies both of two simultaneous changes, one after the other', async () => {
    const app = aPricingApp();
    storePrice(app.store, 'p-0001', { listAmount: 1000 });
    const commits = vi.spyOn(app.store, 'apply');

    await Promise.all([
      app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'EUR', listAmount: 2000 }),
      app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'EUR', listAmount: 3000 }),
    ]);

    expect(commits.mock.calls.length).toBeGreaterThan(2); // a commit lost the race and was retried
    expect(storedPrice(app.store, 'p-0001')?.version).toBe(3);
    const events = (await outboxEvents(app.store)) as PriceChanged[];
    const chain = events.map((event) => [
      event.payload.previous?.listAmount,
      event.payload.current.listAmount,
    ]);
    // Each change saw the one before it: no update was lost.
    expect(chain[0]?.[0]).toBe(1000);
    expect(chain[1]?.[0]).toBe(chain[0]?.[1]);
    expect(storedPrice(app.store, 'p-0001')?.value.listAmount).toBe(chain[1]?.[1]);
  });

  it('records nothing when the price is set to what it already is', async () => {
    const app = aPricingApp();
    await app.useCases.setPrice.execute({ productId: 'p-0001', currency: 'EUR', listAmount: 1000 });
    await app.useCases.setPrice.execute({
      productId: 'p-0001',
      currency: 'EUR',
      listAmount: 1000,
      validFrom: TEST_NOW,
    });
    expect(await outboxEvents(app.store)).toHaveLength(1);
  });
});
