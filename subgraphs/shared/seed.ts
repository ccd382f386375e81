/**
 * The deterministic catalog every subgraph seeds from: the same product ids in all three, so the
 * federated graph is whole on first start. Each subgraph derives its own data from the id's index.
 */
export const SEED_PRODUCT_COUNT = 1_000;

/** The seeded product id at 1-based `index`: `p-0001` ... `p-1000`. */
export function seedProductId(index: number): string {
  return `p-${String(index).padStart(4, '0')}`;
}

/** All seeded product ids, in order. */
export function seedProductIds(count: number = SEED_PRODUCT_COUNT): string[] {
  return Array.from({ length: count }, (_, i) => seedProductId(i + 1));
}

/** The instant the seeded catalog was created; fixed so the seed is identical on every start. */
export const SEED_EPOCH = '2026-01-01T00:00:00.000Z';

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
