import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, type SubgraphSource } from '../../../gateway/src/supergraph/compose.js';

const baseline = join(import.meta.dirname, '../../fixtures/schema-check/baseline');
const sdl = (name: string) => readFileSync(join(baseline, `${name}.graphql`), 'utf8');

function composeWith(replacements: Partial<Record<string, string>>) {
  const subgraphs: SubgraphSource[] = ['product', 'inventory', 'pricing'].map((name) => ({
    name,
    url: `http://${name}.test/graphql`,
    sdl: replacements[name] ?? sdl(name),
  }));
  const outcome = composeSupergraph(subgraphs);
  if (outcome.ok) throw new Error('expected composition to fail');
  return outcome.problems;
}

describe('composition problems', () => {
  it('name every subgraph on both sides of a key field type conflict, and the field', () => {
    const problems = composeWith({
      inventory: sdl('inventory').replace('{\n  id: ID!', '{\n  id: String!'),
    });

    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FIELD_TYPE_MISMATCH',
        subgraphs: ['product', 'inventory', 'pricing'],
        coordinate: 'Product.id',
      }),
    ]);
  });

  it('do not take a field named like a subgraph for that subgraph', () => {
    const problems = composeWith({
      inventory: sdl('inventory')
        .replace('import: ["@key"]', 'import: ["@key", "@requires"]')
        .replace('  product: Product!\n', '  product: Product! @requires(fields: "sku")\n'),
    });

    expect(problems).toEqual([
      expect.objectContaining({ subgraphs: ['inventory'], coordinate: 'Reservation.product' }),
    ]);
  });
});
