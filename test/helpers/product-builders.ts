import { buildProductApp, type ProductApp, type ProductDependencies } from '../../subgraphs/product/app.js';
import { type ChangeStamp, type NewProduct, Product } from '../../subgraphs/product/domain/product.js';
import { SequentialIdGenerator } from '../../subgraphs/shared/adapters/id-generators.js';
import { FixedClock } from '../../subgraphs/shared/adapters/system-clock.js';

/** The instant builders stamp changes with unless told otherwise. */
export const BUILDER_INSTANT = '2026-02-01T12:00:00.000Z';

/** Input for a valid new product; override any field, including with invalid values. */
export function aProduct(overrides: Partial<NewProduct> = {}): NewProduct {
  return {
    sku: 'BK-0001-AB',
    name: 'Field Guide to Mosses',
    description: 'Pocket-sized, with colour plates.',
    category: 'BOOKS',
    weightGrams: 420,
    ...overrides,
  };
}

/** A change stamp at `at` whose event ids run `event-1`, `event-2`, ... */
export function aChangeStamp(at: string = BUILDER_INSTANT): ChangeStamp {
  const ids = new SequentialIdGenerator('event');
  return { at: new Date(at), nextEventId: () => ids.next() };
}

/** A product as if it had been stored once (version 1), with no pending events. */
export function aStoredProduct(overrides: Partial<NewProduct> & { id?: string } = {}): Product {
  const { id = 'p-test-1', ...fields } = overrides;
  const created = Product.create(id, aProduct(fields), aChangeStamp());
  return Product.fromSnapshot(created.toSnapshot(), 1);
}

/** The instant the clock of `aProductApp` stands at. */
export const APP_INSTANT = '2026-03-01T09:00:00.000Z';

/** A product app on a fresh memory store, unseeded unless asked, with a fixed clock and ids `id-1`, `id-2`, ... */
export function aProductApp(deps: Partial<ProductDependencies> = {}): ProductApp & { clock: FixedClock } {
  const clock = new FixedClock(APP_INSTANT);
  const app = buildProductApp({ seed: false, clock, ids: new SequentialIdGenerator('id'), ...deps });
  return { ...app, clock };
}
