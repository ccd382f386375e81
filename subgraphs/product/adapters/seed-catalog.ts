import type { MemoryStore } from '../../shared/adapters/memory-store.js';
import { SavedAggregates } from '../../shared/adapters/saved-aggregates.js';
import { SEED_EPOCH, SEED_PRODUCT_COUNT, seededRandom, seedProductIds } from '../../shared/seed.js';
import { CATEGORIES, type Category } from '../domain/category.js';
import { Product, type ProductSnapshot } from '../domain/product.js';
import { MemoryProductRepository, PRODUCTS } from './memory-product-repository.js';

interface CategoryTraits {
  skuPrefix: string;
  nouns: readonly string[];
  /** Inclusive weight range in grams. */
  weight: readonly [number, number];
  purpose: string;
}

const TRAITS: Record<Category, CategoryTraits> = {
  BOOKS: {
    skuPrefix: 'BK',
    nouns: ['Novel', 'Cookbook', 'Atlas', 'Field Guide', 'Anthology', 'Biography', 'Handbook', 'Almanac'],
    weight: [150, 1_500],
    purpose: 'for long evenings and short commutes',
  },
  ELECTRONICS: {
    skuPrefix: 'EL',
    nouns: ['Headphones', 'Speaker', 'Charger', 'Keyboard', 'Monitor', 'Router', 'Webcam', 'Power Bank'],
    weight: [50, 8_000],
    purpose: 'for the desk, the sofa and the road',
  },
  GARDEN: {
    skuPrefix: 'GD',
    nouns: ['Hose', 'Trowel', 'Planter', 'Rake', 'Sprinkler', 'Pruner', 'Watering Can', 'Bird Feeder'],
    weight: [100, 15_000],
    purpose: 'for beds, borders and balconies',
  },
  HOME: {
    skuPrefix: 'HM',
    nouns: ['Lamp', 'Cushion', 'Rug', 'Mirror', 'Wall Clock', 'Throw Blanket', 'Vase', 'Shelf'],
    weight: [200, 12_000],
    purpose: 'for a calmer living room',
  },
  KITCHEN: {
    skuPrefix: 'KT',
    nouns: [
      'Skillet',
      'Kettle',
      'Knife Set',
      'Cutting Board',
      'Blender',
      'Mixing Bowl',
      'Colander',
      'Teapot',
    ],
    weight: [100, 5_000],
    purpose: 'for everyday cooking',
  },
  SPORTS: {
    skuPrefix: 'SP',
    nouns: [
      'Yoga Mat',
      'Football',
      'Tennis Racket',
      'Water Bottle',
      'Jump Rope',
      'Dumbbell',
      'Helmet',
      'Backpack',
    ],
    weight: [50, 10_000],
    purpose: 'for training indoors and out',
  },
  TOYS: {
    skuPrefix: 'TY',
    nouns: [
      'Puzzle',
      'Kite',
      'Building Blocks',
      'Toy Train',
      'Plush Bear',
      'Board Game',
      'Yo-Yo',
      'Spinning Top',
    ],
    weight: [30, 3_000],
    purpose: 'for rainy afternoons',
  },
};

const ADJECTIVES = [
  'Classic',
  'Compact',
  'Deluxe',
  'Everyday',
  'Handy',
  'Modern',
  'Rustic',
  'Sturdy',
  'Vintage',
  'Premium',
  'Travel',
  'Eco',
] as const;
const LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
// Mixed into every product's PRNG seed so product data does not correlate with other subgraphs'.
const SALT = 0x70726f64;
const MINUTE_MS = 60_000;

/**
 * The seeded catalog: `p-0001`... with name, sku, description, category and weight derived from
 * the index alone, and createdAt = SEED_EPOCH + index minutes. Same output on every call.
 */
export function seedProductSnapshots(count: number = SEED_PRODUCT_COUNT): ProductSnapshot[] {
  const epoch = Date.parse(SEED_EPOCH);
  return seedProductIds(count).map((id, i) => {
    const index = i + 1;
    const random = seededRandom(SALT ^ index);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const category = pick(CATEGORIES);
    const traits = TRAITS[category];
    const adjective = pick(ADJECTIVES);
    const noun = pick(traits.nouns);
    const [lightest, heaviest] = traits.weight;
    const weightGrams = lightest + Math.floor(random() * (heaviest - lightest + 1));
    const suffix = pick(LETTERS) + pick(LETTERS);
    const createdAt = new Date(epoch + index * MINUTE_MS).toISOString();
    const withDescription = random() >= 0.125;
    return {
      id,
      sku: `${traits.skuPrefix}-${String(index).padStart(4, '0')}-${suffix}`,
      name: `${adjective} ${noun}`,
      description: withDescription
        ? `From the ${adjective} range: ${noun.toLowerCase()} ${traits.purpose}.`
        : null,
      category,
      weightGrams,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

/**
 * Fills an empty store with the seeded catalog and its sku index. It is stored data, not a
 * domain change: no events reach the outbox. A store that already holds products is left as it
 * is. Returns how many products were written.
 */
export function seedCatalog(store: MemoryStore, count: number = SEED_PRODUCT_COUNT): number {
  if (store.all(PRODUCTS).length > 0) return 0;
  const tx = store.begin();
  // Seeded products are read from snapshots and record no events, so none are collected.
  const products = new MemoryProductRepository(tx, store, new SavedAggregates());
  for (const snapshot of seedProductSnapshots(count)) products.stage(Product.fromSnapshot(snapshot, 0));
  tx.commit();
  return count;
}
