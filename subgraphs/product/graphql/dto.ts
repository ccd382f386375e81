import type { Category } from '../domain/category.js';
import type { Product } from '../domain/product.js';
import type { ProductPage } from '../service/list-products.js';

/** The GraphQL `Product` as resolvers return it. */
export interface ProductDto {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  category: Category;
  weightGrams: number;
  createdAt: string;
  updatedAt: string;
}

/** The GraphQL `ProductPage`. */
export interface ProductPageDto {
  items: ProductDto[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** A product as `Product`. */
export function toProductDto(product: Product): ProductDto {
  return {
    id: product.id,
    sku: product.sku.value,
    name: product.name,
    description: product.description,
    category: product.category,
    weightGrams: product.weightGrams,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** A page of the catalog as `ProductPage`. */
export function toProductPageDto(page: ProductPage): ProductPageDto {
  return {
    items: page.products.map(toProductDto),
    endCursor: page.endCursor,
    hasNextPage: page.hasNextPage,
    totalCount: page.totalCount,
  };
}
