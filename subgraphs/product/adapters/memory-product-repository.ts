import type { MemoryStore, MemoryTransaction } from '../../shared/adapters/memory-store.js';
import type { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { SkuAlreadyTaken } from '../domain/errors.js';
import { Product, type ProductSnapshot } from '../domain/product.js';
import type { Sku } from '../domain/sku.js';
import type { ProductRepository, ProductSlice, ProductSliceQuery } from '../ports/product-repository.js';

/** Collection of product snapshots, keyed by id. */
export const PRODUCTS = 'products';
/** Collection of the sku uniqueness index, keyed by sku. */
export const PRODUCT_SKUS = 'product-skus';

/**
 * An index entry; a released sku keeps its record with `productId: null` so that its version
 * keeps counting and a concurrent claim of the same sku still conflicts at commit.
 */
interface SkuEntry {
  productId: string | null;
}

/**
 * Products in a MemoryStore. Reads by key go through the transaction (so they see its staged
 * writes); slices scan committed state. Claiming a sku is a versioned write of its index entry,
 * so two transactions that claim the same sku cannot both commit.
 */
export class MemoryProductRepository implements ProductRepository {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly store: MemoryStore,
    private readonly saved: SavedAggregates,
  ) {}

  async get(id: string): Promise<Product | undefined> {
    return this.#load(id);
  }

  async getMany(ids: readonly string[]): Promise<(Product | undefined)[]> {
    return ids.map((id) => this.#load(id));
  }

  async findBySku(sku: Sku): Promise<Product | undefined> {
    const owner = this.tx.get<SkuEntry>(PRODUCT_SKUS, sku.value)?.value.productId;
    return owner == null ? undefined : this.#load(owner);
  }

  async findSlice(query: ProductSliceQuery): Promise<ProductSlice> {
    const matching = this.store
      .all<ProductSnapshot>(PRODUCTS)
      .filter(({ value }) => query.category === undefined || value.category === query.category);
    const { afterId } = query;
    const products = matching
      .filter(({ value }) => afterId === undefined || value.id > afterId)
      .sort((a, b) => (a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0))
      .slice(0, query.limit)
      .map(({ value, version }) => Product.fromSnapshot(value, version));
    return { products, totalCount: matching.length };
  }

  async save(product: Product): Promise<void> {
    this.stage(product);
  }

  /** `save` without the promise: for the seed, which fills a store synchronously. */
  stage(product: Product): void {
    const snapshot = product.toSnapshot();
    const previousSku = this.tx.get<ProductSnapshot>(PRODUCTS, snapshot.id)?.value.sku;
    if (previousSku !== snapshot.sku) {
      this.#claimSku(snapshot.sku, snapshot.id);
      if (previousSku !== undefined) this.#releaseSku(previousSku, snapshot.id);
    }
    this.tx.put(PRODUCTS, snapshot.id, product.version, snapshot);
    this.saved.track(product);
  }

  #load(id: string): Product | undefined {
    const found = this.tx.get<ProductSnapshot>(PRODUCTS, id);
    return found && Product.fromSnapshot(found.value, found.version);
  }

  #claimSku(sku: string, productId: string): void {
    const entry = this.tx.get<SkuEntry>(PRODUCT_SKUS, sku);
    const owner = entry?.value.productId;
    if (owner != null && owner !== productId) throw new SkuAlreadyTaken(sku);
    this.tx.put(PRODUCT_SKUS, sku, entry?.version ?? 0, { productId } satisfies SkuEntry);
  }

  #releaseSku(sku: string, productId: string): void {
    const entry = this.tx.get<SkuEntry>(PRODUCT_SKUS, sku);
    if (entry?.value.productId !== productId) return;
    this.tx.put(PRODUCT_SKUS, sku, entry.version, { productId: null } satisfies SkuEntry);
  }
}
