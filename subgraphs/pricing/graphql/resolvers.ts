import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { Price } from '../domain/price.js';
import type { PriceTermsInput } from '../domain/price-terms.js';
import type { PricingUseCases } from '../service/use-cases.js';
import type { PricingContext } from './context.js';
import { type MoneyDto, type PriceDto, toMoneyDto, toPriceDto } from './dto.js';

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

/** Resolvers of `schema.graphql`: each calls one use case and maps its result to the schema's types. */
export function pricingResolvers(useCases: PricingUseCases): GraphQLResolverMap<PricingContext> {
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
