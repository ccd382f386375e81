import type { Category } from '../domain/category.js';
import type { Product } from '../domain/product.js';

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

/** Maps a domain product to its GraphQL shape. */
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
