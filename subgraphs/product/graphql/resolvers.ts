import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import { parseProductId } from '../../kernel/product-id.js';
import type { NewProduct, ProductUpdate } from '../domain/product.js';
import type { ProductPageQuery } from '../service/product-page-request.js';
import type { ProductUseCases } from '../service/product-use-cases.js';
import { type ProductDto, toProductDto } from './product-dto.js';
import type { ProductLoaders } from './product-loader.js';

/** The resolver context of one request: the platform scope plus that request's loaders. */
export interface ProductContext extends RequestScope {
  loaders: ProductLoaders;
}

/** The GraphQL `ProductPage`. */
interface ProductPageDto {
  items: ProductDto[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** Resolvers of the product subgraph: each calls one use case and maps the result to DTOs. */
export function productResolvers(useCases: ProductUseCases): GraphQLResolverMap<ProductContext> {
  const page = async (args: ProductPageQuery): Promise<ProductPageDto> => {
    const found = await useCases.listProducts.execute(args);
    return {
      items: found.products.map(toProductDto),
      endCursor: found.endCursor,
      hasNextPage: found.hasNextPage,
      totalCount: found.totalCount,
    };
  };

  return {
    Query: {
      product: async (_: unknown, args: { id: string }) =>
        toProductDto(await useCases.getProduct.execute({ id: args.id })),
      products: async (_: unknown, args: ProductPageQuery) => (await page(args)).items,
      productPage: async (_: unknown, args: ProductPageQuery) => page(args),
    },
    Mutation: {
      createProduct: async (_: unknown, args: { input: NewProduct }) =>
        toProductDto(await useCases.createProduct.execute(args.input)),
      updateProduct: async (_: unknown, args: { id: string; input: ProductUpdate }) =>
        toProductDto(await useCases.updateProduct.execute({ id: args.id, changes: args.input })),
    },
    Product: {
      __resolveReference: async (reference: { id?: unknown }, context: ProductContext) =>
        toProductDto(await context.loaders.product.load(parseProductId(reference.id, 'id'))),
    },
  };
}
