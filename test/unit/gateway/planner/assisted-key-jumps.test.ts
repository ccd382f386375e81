import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

// `pricing` keys a Shelf by its items' keys including each item's tag, which only `tags` returns.
const shelves = planner({
  shelves: `
    type Query { topShelf: Shelf }
    type Shelf @key(fields: "items { sku }") { items: [Item!]! }
    type Item @key(fields: "sku") { sku: ID! }`,
  tags: `
    type Item @key(fields: "sku") { sku: ID! tag: Tag @shareable }
    type Tag @key(fields: "id") { id: ID! }`,
  pricing: `
    type Shelf @key(fields: "items { sku tag { id } }") { items: [Item!]! totalCents: Int }
    type Item @key(fields: "sku tag { id }") { sku: ID! tag: Tag @shareable }
    type Tag @key(fields: "id", resolvable: false) { id: ID! }`,
});

describe('keys whose fields other subgraphs return', () => {
  it('fetches the nested key fields first, then sends them in the representations', () => {
    const plan = shelves('{ topShelf { totalCents } }');
    const tagsFetch = plan.indexOf('Fetch(service: "tags")');
    const pricingFetch = plan.indexOf('Fetch(service: "pricing")');
    expect(tagsFetch).toBeGreaterThan(0);
    expect(pricingFetch).toBeGreaterThan(tagsFetch);
    expect(plan.slice(pricingFetch)).toMatch(/items \{\s+sku\s+tag \{\s+id\s+\}\s+\}/);
    expect(plan.slice(pricingFetch)).toContain('totalCents');
  });
});
