import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import type { PriceReader } from '../ports/price-reader.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { EstimateShipping } from './estimate-shipping.js';
import { GetPrice } from './get-price.js';
import { GetPrices } from './get-prices.js';
import { SetDefaultPrice } from './set-default-price.js';
import { SetPrice } from './set-price.js';

/** Every use case of the pricing subgraph: what its resolvers, loaders and event handler call. */
export interface PricingUseCases {
  readonly getPrice: GetPrice;
  readonly getPrices: GetPrices;
  readonly setPrice: SetPrice;
  readonly setDefaultPrice: SetDefaultPrice;
  readonly estimateShipping: EstimateShipping;
}

/** The ports the pricing use cases run on. */
export interface PricingPorts {
  readonly uow: UnitOfWork;
  readonly prices: PriceReader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Builds every pricing use case on `ports`. */
export function buildPricingUseCases(ports: PricingPorts): PricingUseCases {
  return {
    getPrice: new GetPrice(ports.prices),
    getPrices: new GetPrices(ports.prices),
    setPrice: new SetPrice(ports.uow, ports.clock, ports.ids),
    setDefaultPrice: new SetDefaultPrice(ports.uow, ports.clock, ports.ids),
    estimateShipping: new EstimateShipping(),
  };
}
