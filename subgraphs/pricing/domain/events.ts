import type { DomainEvent } from '../../kernel/domain-event.js';
import type { CurrencyCode } from './currency.js';

/** The amounts of a price at one moment, as events carry them. */
export interface PriceAmounts {
  readonly currency: CurrencyCode;
  readonly listAmount: number;
  readonly saleAmount: number | null;
  /** What a customer pays: the sale amount when set, else the list amount. */
  readonly amount: number;
}

/** A product's price was set for the first time (`previous` null) or replaced. */
export type PriceChanged = DomainEvent<
  'PriceChanged',
  {
    readonly productId: string;
    readonly previous: PriceAmounts | null;
    readonly current: PriceAmounts;
    readonly validFrom: string;
    readonly validTo: string | null;
  }
>;

/** Every event pricing records. */
export type PricingEvent = PriceChanged;

/** What a change needs from outside the domain: an id for its event and the current instant. */
export interface ChangeContext {
  readonly eventId: string;
  readonly now: Date;
}
