import { InvalidInput } from '../../kernel/domain-error.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { EventFeed } from '../../shared/ports/event-feed.js';
import type { InventoryEvent } from '../domain/events.js';
import type { GetInventory } from './get-inventory.js';

/** Why a product's stock changed. */
export type StockChangeReason = 'ADJUSTED' | 'RESERVED' | 'RELEASED';

/** One change of a product's stock, as subscribers hear it. */
export interface StockChange {
  readonly productId: string;
  readonly warehouse: string;
  readonly reason: StockChangeReason;
  /** Units of the product that can be reserved over every warehouse, read once the change was heard. */
  readonly available: number;
}

/** Most product ids one subscription may watch. */
export const MAX_WATCHED_PRODUCTS = 100;
/** Changes waiting for a slow subscriber before its subscription is ended. */
export const MAX_PENDING_CHANGES = 256;

const REASONS: Readonly<Record<InventoryEvent['type'], StockChangeReason>> = {
  StockAdjusted: 'ADJUSTED',
  StockReserved: 'RESERVED',
  ReservationReleased: 'RELEASED',
};

/** A subscriber that does not keep up with the changes it asked for. */
export class SubscriberTooSlow extends Error {
  constructor() {
    super(`The subscriber fell more than ${MAX_PENDING_CHANGES} stock changes behind; subscribe again.`);
    this.name = 'SubscriberTooSlow';
  }
}

/**
 * The stock changes of some products (every product when `productIds` is absent), from the
 * inventory's committed events, for as long as the caller iterates: each change carries the
 * product's availability read when the change was heard. Changes wait in a bounded queue; a
 * subscriber that falls further behind is ended with SubscriberTooSlow rather than buffered.
 */
export class WatchStockChanges {
  constructor(
    private readonly feed: EventFeed,
    private readonly inventory: GetInventory,
  ) {}

  /** Throws InvalidInput for an empty or oversized list of ids. */
  execute(command: { productIds?: readonly string[] | null }): AsyncIterableIterator<StockChange> {
    const watched = watchedProducts(command.productIds);
    const pending: InventoryEvent[] = [];
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    let done = false;
    const stopListening = this.feed.listen((event: DomainEvent) => {
      const change = inventoryEvent(event);
      if (!change || (watched && !watched.has(change.payload.productId))) return;
      if (pending.length >= MAX_PENDING_CHANGES) failure ??= new SubscriberTooSlow();
      else pending.push(change);
      wake?.();
    });
    const finish = () => {
      done = true;
      stopListening();
      wake?.();
    };
    const inventory = this.inventory;
    const iterator: AsyncIterableIterator<StockChange> = {
      async next(): Promise<IteratorResult<StockChange>> {
        while (!done) {
          if (failure) {
            finish();
            throw failure;
          }
          const event = pending.shift();
          if (event) {
            const [product] = await inventory.execute([event.payload.productId]);
            return {
              done: false,
              value: {
                productId: event.payload.productId,
                warehouse: event.payload.warehouse,
                reason: REASONS[event.type],
                available: product?.available ?? 0,
              },
            };
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        return { done: true, value: undefined };
      },
      async return(): Promise<IteratorResult<StockChange>> {
        finish();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

function watchedProducts(productIds: readonly string[] | null | undefined): ReadonlySet<string> | undefined {
  if (productIds === undefined || productIds === null) return undefined;
  if (productIds.length === 0)
    throw new InvalidInput(
      'productIds is empty: name at least one product, or leave productIds out to hear about every product.',
      'productIds',
    );
  if (productIds.length > MAX_WATCHED_PRODUCTS)
    throw new InvalidInput(
      `productIds names ${productIds.length} products; one subscription may watch at most ${MAX_WATCHED_PRODUCTS}.`,
      'productIds',
    );
  return new Set(productIds);
}

function inventoryEvent(event: DomainEvent): InventoryEvent | undefined {
  if (!Object.hasOwn(REASONS, event.type)) return undefined;
  const payload = event.payload as { productId?: unknown; warehouse?: unknown } | null;
  if (typeof payload?.productId !== 'string' || typeof payload.warehouse !== 'string') return undefined;
  return event as InventoryEvent;
}
