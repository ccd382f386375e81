import { describe, expect, it } from 'vitest';
import type { GetInventory } from '../../../../../subgraphs/inventory/service/get-inventory.js';
import {
  MAX_PENDING_CHANGES,
  SubscriberTooSlow,
  WatchStockChanges,
} from '../../../../../subgraphs/inventory/service/watch-stock-changes.js';
import type { DomainEvent } from '../../../../../subgraphs/kernel/domain-event.js';
import { EventListeners } from '../../../../../subgraphs/shared/adapters/event-listeners.js';
import { anInventoryApp, aStockSnapshot } from '../../../../helpers/inventory-builders.js';

function setUp() {
  const listeners = new EventListeners();
  const app = anInventoryApp([
    aStockSnapshot({ productId: 'p-0001', warehouse: 'AMS', onHand: 10, reserved: 3 }),
    aStockSnapshot({ productId: 'p-0002', warehouse: 'BER', onHand: 5, reserved: 0 }),
  ]);
  const watch = new WatchStockChanges(
    { listen: (listener) => listeners.add(listener) },
    app.useCases.getInventory as GetInventory,
  );
  return { listeners, watch };
}

function reserved(productId: string, id = 'e-1'): DomainEvent {
  return {
    id,
    type: 'StockReserved',
    aggregateId: productId,
    occurredAt: '2026-03-01T12:00:00.000Z',
    payload: { reservationId: 'r-1', productId, warehouse: 'AMS', quantity: 1, reserved: 3, available: 7 },
  };
}

describe('WatchStockChanges', () => {
  it('hands on the watched products changes only, with their availability over every warehouse', async () => {
    const { listeners, watch } = setUp();
    const changes = watch.execute({ productIds: ['p-0001'] });
    listeners.emit(reserved('p-0002', 'e-1'));
    listeners.emit({ ...reserved('p-0001', 'e-2'), type: 'ProductRenamed' });
    listeners.emit(reserved('p-0001', 'e-3'));
    expect(await changes.next()).toEqual({
      done: false,
      value: { productId: 'p-0001', warehouse: 'AMS', reason: 'RESERVED', available: 7 },
    });
    await changes.return?.();
    expect(listeners.size).toBe(0);
    expect(await changes.next()).toEqual({ done: true, value: undefined });
  });

  it('watches every product when no ids are given', async () => {
    const { listeners, watch } = setUp();
    const changes = watch.execute({});
    listeners.emit(reserved('p-0002'));
    expect((await changes.next()).value).toMatchObject({ productId: 'p-0002', available: 5 });
    await changes.return?.();
  });

  it('refuses an empty list of ids and one too long, naming the argument', () => {
    const { watch } = setUp();
    expect(() => watch.execute({ productIds: [] })).toThrow(/productIds is empty/);
    const many = Array.from({ length: 101 }, (_, index) => `p-${index}`);
    expect(() => watch.execute({ productIds: many })).toThrow(/at most 100/);
  });

  it('ends a subscriber that falls too far behind instead of buffering without limit', async () => {
    const { listeners, watch } = setUp();
    const changes = watch.execute({ productIds: ['p-0001'] });
    for (let index = 0; index <= MAX_PENDING_CHANGES; index += 1)
      listeners.emit(reserved('p-0001', `e-${index}`));
    await expect(changes.next()).rejects.toBeInstanceOf(SubscriberTooSlow);
    expect(listeners.size).toBe(0);
  });
});
