import type { DomainEvent } from '../../subgraphs/kernel/domain-event.js';
import { PRICE_COLLECTION } from '../../subgraphs/pricing/adapters/memory-price-repository.js';
import { buildPricingApp, type PricingApp, type PricingDependencies } from '../../subgraphs/pricing/app.js';
import type { ChangeContext } from '../../subgraphs/pricing/domain/events.js';
import { Price, type PriceSnapshot } from '../../subgraphs/pricing/domain/price.js';
import type { PriceTermsInput } from '../../subgraphs/pricing/domain/price-terms.js';
import { SequentialIdGenerator } from '../../subgraphs/shared/adapters/id-generators.js';
import { MemoryStore, type StagedWrite } from '../../subgraphs/shared/adapters/memory-store.js';
import { FixedClock } from '../../subgraphs/shared/adapters/system-clock.js';

/** The instant every pricing test starts at. */
export const TEST_NOW = '2026-03-01T12:00:00.000Z';

/** Valid price terms: 19.99 EUR, no sale, valid from 2026-02-01, open-ended. */
export function aPriceInput(overrides: Partial<PriceTermsInput> = {}): PriceTermsInput {
  return { currency: 'EUR', listAmount: 1999, validFrom: '2026-02-01T00:00:00.000Z', ...overrides };
}

/** A change context at TEST_NOW with event id `evt-1` unless told otherwise. */
export function aChangeContext(overrides: Partial<ChangeContext> = {}): ChangeContext {
  return { eventId: 'evt-1', now: new Date(TEST_NOW), ...overrides };
}

/** A freshly created price of `p-test` whose creation event has been pulled already. */
export function aPrice(overrides: Partial<PriceTermsInput> & { productId?: string } = {}): Price {
  const { productId = 'p-test', ...terms } = overrides;
  const price = Price.create(productId, aPriceInput(terms), aChangeContext());
  price.pullDomainEvents();
  return price;
}

/** A pricing app on a fixed clock and sequential ids, unseeded unless `seed` is given. */
export function aPricingApp(deps: Partial<PricingDependencies> = {}): PricingApp & { clock: FixedClock } {
  const clock = new FixedClock(TEST_NOW);
  const app = buildPricingApp({ clock, ids: new SequentialIdGenerator('evt'), seed: false, ...deps });
  return { ...app, clock };
}

/** Stores a price directly (version 1, no events), as if it had been set earlier. */
export function storePrice(
  store: MemoryStore,
  productId: string,
  terms: Partial<PriceTermsInput> = {},
): PriceSnapshot {
  const snapshot = aPrice({ productId, ...terms }).toSnapshot();
  const tx = store.begin();
  tx.put(PRICE_COLLECTION, productId, store.get(PRICE_COLLECTION, productId)?.version ?? 0, snapshot);
  tx.commit();
  return snapshot;
}

/** The committed snapshot and version of a product's price, or undefined. */
export function storedPrice(store: MemoryStore, productId: string) {
  return store.get<PriceSnapshot>(PRICE_COLLECTION, productId);
}

/** Every event waiting in the store's outbox, oldest first. */
export async function outboxEvents(store: MemoryStore): Promise<DomainEvent[]> {
  return (await store.pending(Number.MAX_SAFE_INTEGER)).map((entry) => entry.event);
}

/**
 * A memory store where, once armed, a rival writer commits just before each of the next `times`
 * commits: the deterministic way to make a unit of work lose an optimistic-concurrency race.
 */
export class StoreWithRival extends MemoryStore {
  /** Commit attempts since arming, the rival's excluded. */
  attempts = 0;
  #rivalCommits = 0;
  #racing = false;

  constructor(private readonly rival: (store: MemoryStore) => void) {
    super();
  }

  /** Lets the rival commit before each of the next `times` commits. */
  arm(times: number): void {
    this.#rivalCommits = times;
    this.attempts = 0;
  }

  override apply(writes: ReadonlyMap<string, StagedWrite>, events: readonly DomainEvent[]): void {
    if (!this.#racing) this.#letRivalCommitFirst();
    super.apply(writes, events);
  }

  #letRivalCommitFirst(): void {
    this.attempts += 1;
    if (this.#rivalCommits > 0) {
      this.#rivalCommits -= 1;
      this.#racing = true;
      try {
        this.rival(this);
      } finally {
        this.#racing = false;
      }
    }
  }
}
