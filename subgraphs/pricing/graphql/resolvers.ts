import type { Money } from '../domain/money.js';
import type { Price } from '../domain/price.js';
import type { PriceTermsInput } from '../domain/price-terms.js';
import type { EstimateShipping } from '../service/estimate-shipping.js';
import type { GetPrice } from '../service/get-price.js';
import type { SetPrice } from '../service/set-price.js';
import type { PricingContext } from './pricing-context.js';

/** The use cases the resolvers call. */
export interface PricingResolverUseCases {
  readonly getPrice: GetPrice;
  readonly setPrice: SetPrice;
  readonly estimateShipping: EstimateShipping;
}

/** `Price` as the schema shows it. */
export interface PriceDto {
  amount: number;
  currency: string;
  listAmount: number;
  saleAmount: number | null;
  validFrom: string;
  validTo: string | null;
}

/** `Money` as the schema shows it. */
export interface MoneyDto {
  amount: number;
  currency: string;
}

interface ProductRepresentation {
  id: string;
  /** Present when the gateway resolved the `@requires` of shippingEstimate. */
  weightGrams?: number | null;
}

/** A `Product` entity as pricing resolves it: the representation plus its price, if any. */
interface PricedProduct {
  id: string;
  weightGrams: number | null | undefined;
  price: Price | undefined;
}

interface SetPriceArgs {
  productId: string;
  input: PriceTermsInput;
}

/** Resolvers of the pricing schema: each calls a use case and maps its result to a DTO. */
export function pricingResolvers(useCases: PricingResolverUseCases) {
  return {
    Query: {
      price: async (_: unknown, args: { productId: string }): Promise<PriceDto> =>
        toPriceDto(await useCases.getPrice.execute({ productId: args.productId })),
    },
    Mutation: {
      setPrice: async (_: unknown, { productId, input }: SetPriceArgs): Promise<PriceDto> =>
        toPriceDto(await useCases.setPrice.execute({ productId, ...input })),
    },
    Product: {
      // Every representation of one `_entities` call goes through the request's loader, so N
      // products cost one price lookup, shared by `price` and `shippingEstimate`.
      __resolveReference: async (
        reference: ProductRepresentation,
        context: PricingContext,
      ): Promise<PricedProduct> => ({
        id: reference.id,
        weightGrams: reference.weightGrams,
        price: await context.loaders.prices.load(reference.id),
      }),
      // A catalog product may be unpriced: null, not an error.
      price: (product: PricedProduct): PriceDto | null => (product.price ? toPriceDto(product.price) : null),
      shippingEstimate: (product: PricedProduct): MoneyDto =>
        toMoneyDto(
          useCases.estimateShipping.execute({
            weightGrams: product.weightGrams,
            currency: product.price?.currency,
          }),
        ),
    },
  };
}

function toPriceDto(price: Price): PriceDto {
  return {
    amount: price.effectivePrice.amount,
    currency: price.currency.code,
    listAmount: price.listPrice.amount,
    saleAmount: price.salePrice?.amount ?? null,
    validFrom: price.validFrom.toISOString(),
    validTo: price.validTo?.toISOString() ?? null,
  };
}

function toMoneyDto(money: Money): MoneyDto {
  return { amount: money.amount, currency: money.currency.code };
}
