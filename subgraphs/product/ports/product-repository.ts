import type { Category } from '../domain/category.js';
import type { Product } from '../domain/product.js';
import type { Sku } from '../domain/sku.js';

/** A keyset slice of the catalog in id order. */
export interface ProductSliceQuery {
  /** Only products whose id sorts after this one. */
  readonly afterId?: string;
  readonly category?: Category;
  /** Most products to return. */
  readonly limit: number;
}

/** Products of one slice plus how many match the filter in all (ignoring `afterId`). */
export interface ProductSlice {
  readonly products: Product[];
  readonly totalCount: number;
}

/** Product storage as the use cases need it; bound to one unit of work. */
export interface ProductRepository {
  /** The product with `id`, or undefined. */
  get(id: string): Promise<Product | undefined>;
  /** The products for `ids` in the same order, undefined where none exists: one storage round trip. */
  getMany(ids: readonly string[]): Promise<(Product | undefined)[]>;
  /** The product carrying `sku`, read through a uniqueness index, or undefined. */
  findBySku(sku: Sku): Promise<Product | undefined>;
  /** Up to `limit` products ordered by id (code-unit order), optionally after an id and in one category. */
  findSlice(query: ProductSliceQuery): Promise<ProductSlice>;
  /**
   * Stages the product and its sku index entry; the unit of work writes them, and collects the
   * events the product recorded, when it commits.
   * Throws SkuAlreadyTaken when the sku index points at another product.
   */
  save(product: Product): Promise<void>;
}
