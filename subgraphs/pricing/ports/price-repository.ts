import type { Price } from '../domain/price.js';

/** Loads and stages prices inside a unit of work. */
export interface PriceRepository {
  /** The product's price as of this transaction, or undefined when it has none. */
  get(productId: string): Promise<Price | undefined>;
  /** Stages the price; the unit of work writes it, and collects the events it recorded, when it commits. */
  save(price: Price): Promise<void>;
}
