import type { RedisStore } from '../../shared/adapters/redis-store.js';
import type { RedisTransaction } from '../../shared/adapters/redis-transaction.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import type { Category } from '../domain/category.js';
import { SkuAlreadyTaken } from '../domain/errors.js';
import { Product, type ProductSnapshot } from '../domain/product.js';
import type { Sku } from '../domain/sku.js';
import type { ProductRepository, ProductSlice, ProductSliceQuery } from '../ports/product-repository.js';
import { PRODUCT_SKUS, PRODUCTS } from './memory-product-repository.js';

/** The index of every product id, for keyset pagination. */
export const PRODUCT_IDS_INDEX = 'products';

/** The index of the product ids in one category. */
export function categoryIndex(category: Category): string {
  return `products:category:${category}`;
}

/** A sku index entry; a released sku keeps its record so that a concurrent claim still conflicts. */
interface SkuEntry {
  productId: string | null;
}

/**
 * Products in a RedisStore, with the same record model as MemoryProductRepository (a versioned
 * snapshot per product, a versioned sku entry per sku) plus sorted-set indexes of ids, overall and
 * per category, so a slice is a range read instead of a scan. Product ids are ASCII (seeded `p-0001`
 * and generated UUIDs), so the indexes' byte order is the port's code-unit order.
 */
export class RedisProductRepository implements ProductRepository {
  constructor(
    private readonly tx: RedisTransaction,
    private readonly store: RedisStore,
    private readonly saved: SavedAggregates,
  ) {}

  async get(id: string): Promise<Product | undefined> {
    return (await this.getMany([id]))[0];
  }

  async getMany(ids: readonly string[]): Promise<(Product | undefined)[]> {
    const found = await this.tx.getMany<ProductSnapshot>(PRODUCTS, ids);
    return found.map((record) => record && Product.fromSnapshot(record.value, record.version));
  }

  async findBySku(sku: Sku): Promise<Product | undefined> {
    const owner = (await this.tx.get<SkuEntry>(PRODUCT_SKUS, sku.value))?.value.productId;
    return owner == null ? undefined : this.get(owner);
  }

  async findSlice(query: ProductSliceQuery): Promise<ProductSlice> {
    const index = query.category === undefined ? PRODUCT_IDS_INDEX : categoryIndex(query.category);
    const [ids, totalCount] = await Promise.all([
      this.store.indexRange(index, {
        ...(query.afterId !== undefined && { after: query.afterId }),
        limit: query.limit,
      }),
      this.store.indexSize(index),
    ]);
    const found = await this.store.getMany<ProductSnapshot>(PRODUCTS, ids);
    // The index and the records are two reads: a product that changed category in between is left out.
    const products = found.flatMap((record) =>
      record && (query.category === undefined || record.value.category === query.category)
        ? [Product.fromSnapshot(record.value, record.version)]
        : [],
    );
    return { products, totalCount };
  }

  async save(product: Product): Promise<void> {
    const snapshot = product.toSnapshot();
    const previous = (await this.tx.get<ProductSnapshot>(PRODUCTS, snapshot.id))?.value;
    if (previous?.sku !== snapshot.sku) {
      await this.#claimSku(snapshot.sku, snapshot.id);
      if (previous !== undefined) await this.#releaseSku(previous.sku, snapshot.id);
    }
    if (previous === undefined) this.tx.addToIndex(PRODUCT_IDS_INDEX, snapshot.id);
    if (previous?.category !== snapshot.category) {
      if (previous !== undefined) this.tx.removeFromIndex(categoryIndex(previous.category), snapshot.id);
      this.tx.addToIndex(categoryIndex(snapshot.category), snapshot.id);
    }
    this.tx.put(PRODUCTS, snapshot.id, product.version, snapshot);
    this.saved.track(product);
  }

  async #claimSku(sku: string, productId: string): Promise<void> {
    const entry = await this.tx.get<SkuEntry>(PRODUCT_SKUS, sku);
    const owner = entry?.value.productId;
    if (owner != null && owner !== productId) throw new SkuAlreadyTaken(sku);
    this.tx.put(PRODUCT_SKUS, sku, entry?.version ?? 0, { productId } satisfies SkuEntry);
  }

  async #releaseSku(sku: string, productId: string): Promise<void> {
    const entry = await this.tx.get<SkuEntry>(PRODUCT_SKUS, sku);
    if (entry?.value.productId !== productId) return;
    this.tx.put(PRODUCT_SKUS, sku, entry.version, { productId: null } satisfies SkuEntry);
  }
}
