import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parseProductId } from '../../kernel/product-id.js';
import type { NewProduct, ProductUpdate } from '../domain/product.js';
import type { ProductPageQuery } from '../service/product-page-request.js';
import type { ProductUseCases } from '../service/use-cases.js';
import type { ProductContext } from './context.js';
import { toProductDto, toProductPageDto } from './dto.js';

/** Resolvers of `schema.graphql`: each calls one use case and maps its result to the schema's types. */
export function productResolvers(useCases: ProductUseCases): GraphQLResolverMap<ProductContext> {
  return {
    Query: {
      product: async (_: unknown, args: { id: string }) =>
        toProductDto(await useCases.getProduct.execute({ id: args.id })),
      products: async (_: unknown, args: ProductPageQuery) =>
        toProductPageDto(await useCases.listProducts.execute(args)).items,
      productPage: async (_: unknown, args: ProductPageQuery) =>
        toProductPageDto(await useCases.listProducts.execute(args)),
    },
    Mutation: {
      createProduct: async (_: unknown, args: { input: NewProduct }) =>
        toProductDto(await useCases.createProduct.execute(args.input)),
      updateProduct: async (_: unknown, args: { id: string; input: ProductUpdate }) =>
        toProductDto(await useCases.updateProduct.execute({ id: args.id, changes: args.input })),
    },
    Product: {
      // Every representation of one `_entities` call goes through the request's loader, so N
      // products cost one repository read.
      __resolveReference: async (reference: { id?: unknown }, context: ProductContext) =>
        toProductDto(await context.loaders.product.load(parseProductId(reference.id, 'id'))),
    },
  };
}
