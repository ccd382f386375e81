import { describe, expect, it } from 'vitest';
import { InvalidProductId } from '../../../../../subgraphs/kernel/product-id.js';
import { SaleAboveList } from '../../../../../subgraphs/pricing/domain/errors.js';
import type { PriceChanged } from '../../../../../subgraphs/pricing/domain/events.js';
import { Price } from '../../../../../subgraphs/pricing/domain/price.js';
import { aChangeContext, aPrice, aPriceInput, TEST_NOW } from '../../../../helpers/pricing-builders.js';

describe('Price', () => {
  it('records PriceChanged with no previous amounts when created', () => {
    const price = Price.create(
      'p-0001',
      aPriceInput({ listAmount: 1999, saleAmount: 1499 }),
      aChangeContext(),
    );
    expect(price.version).toBe(0);
    expect(price.pullDomainEvents()).toEqual<PriceChanged[]>([
      {
        id: 'evt-1',
        type: 'PriceChanged',
        aggregateId: 'p-0001',
        occurredAt: TEST_NOW,
        payload: {
          productId: 'p-0001',
          previous: null,
          current: { currency: 'EUR', listAmount: 1999, saleAmount: 1499, amount: 1499 },
          validFrom: '2026-02-01T00:00:00.000Z',
          validTo: null,
        },
      },
    ]);
  });

  it('refuses a blank product id', () => {
    expect(() => Price.create(' ', aPriceInput(), aChangeContext())).toThrow(InvalidProductId);
  });

  it('records the old and the new amounts when replaced', () => {
    const price = aPrice({ listAmount: 1999 });
    price.replace(
      aPriceInput({ currency: 'USD', listAmount: 2499, saleAmount: 1999 }),
      aChangeContext({ eventId: 'evt-2' }),
    );
    const [event] = price.pullDomainEvents() as PriceChanged[];
    expect(event).toMatchObject({ id: 'evt-2', type: 'PriceChanged', aggregateId: 'p-test' });
    expect(event?.payload.previous).toEqual({
      currency: 'EUR',
      listAmount: 1999,
      saleAmount: null,
      amount: 1999,
    });
    expect(event?.payload.current).toEqual({
      currency: 'USD',
      listAmount: 2499,
      saleAmount: 1999,
      amount: 1999,
    });
    expect(price.effectivePrice.amount).toBe(1999);
    expect(price.currency.code).toBe('USD');
  });

  it('records nothing when replaced by the same terms', () => {
    const price = aPrice({ listAmount: 1999 });
    price.replace(aPriceInput({ listAmount: 1999 }), aChangeContext({ eventId: 'evt-2' }));
    expect(price.pullDomainEvents()).toEqual([]);
  });

  it('keeps its terms and records nothing when a replacement breaks a rule', () => {
    const price = aPrice({ listAmount: 1999 });
    expect(() =>
      price.replace(aPriceInput({ listAmount: 1000, saleAmount: 2000 }), aChangeContext()),
    ).toThrow(SaleAboveList);
    expect(price.listPrice.amount).toBe(1999);
    expect(price.pullDomainEvents()).toEqual([]);
  });

  it('round-trips through a JSON-safe snapshot at the version it was read at', () => {
    const price = aPrice({ listAmount: 1999, saleAmount: 999, validTo: '2026-12-31' });
    const snapshot = JSON.parse(JSON.stringify(price.toSnapshot()));
    expect(snapshot).toEqual({
      productId: 'p-test',
      currency: 'EUR',
      listAmount: 1999,
      saleAmount: 999,
      validFrom: '2026-02-01T00:00:00.000Z',
      validTo: '2026-12-31T00:00:00.000Z',
    });
    const restored = Price.fromSnapshot(snapshot, 7);
    expect(restored.version).toBe(7);
    expect(restored.toSnapshot()).toEqual(snapshot);
    expect(restored.pullDomainEvents()).toEqual([]);
  });
});
