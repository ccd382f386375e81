import { describe, expect, it } from 'vitest';
import { productEventHandler } from '../../../../../subgraphs/pricing/adapters/product-event-handler.js';
import { aPricingApp, storedPrice } from '../../../../helpers/pricing-builders.js';

const anEvent = (type: string) => ({
  id: `evt-${type}`,
  type,
  aggregateId: 'p-new',
  occurredAt: '2026-03-01T12:00:00.000Z',
  payload: {},
});

describe('productEventHandler', () => {
  it('prices a created product', async () => {
    const app = aPricingApp();
    await productEventHandler(app.useCases.setDefaultPrice)(anEvent('ProductCreated'));
    expect(storedPrice(app.store, 'p-new')?.value.listAmount).toBe(999);
  });

  it('passes over the events pricing has no use for', async () => {
    const app = aPricingApp();
    await productEventHandler(app.useCases.setDefaultPrice)(anEvent('ProductUpdated'));
    expect(storedPrice(app.store, 'p-new')).toBeUndefined();
  });
});
