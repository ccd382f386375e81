import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

const plan = planner({
  a: `
    type Query { top: [T!]! @shareable }
    type T @key(fields: "id") { id: ID! x: Int }`,
  b: `
    type Query { top: [T!]! @shareable }
    type T @key(fields: "id") { id: ID! y: Int }`,
});

describe('a root field selected twice', () => {
  it('is fetched from one subgraph, even where each occurrence alone would pick another', () => {
    // Alone, `top { y }` is cheapest from b and `top { x }` from a.
    const printed = plan('{ top { y } ... on Query { top { x } } }');
    expect(printed.match(/ top \{/g) ?? []).toHaveLength(1);
    expect(printed).toContain('Flatten(path: "top.@")');
  });
});
