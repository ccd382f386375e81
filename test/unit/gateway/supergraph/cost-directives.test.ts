import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../../../gateway/src/supergraph/compose.js';
import { readCostDirectives } from '../../../../gateway/src/supergraph/cost-directives.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import { SupergraphError } from '../../../../gateway/src/supergraph/supergraph-error.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])';

function composedModel(subgraphs: Record<string, string>) {
  const outcome = composeSupergraph(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      url: `http://${name}.example`,
      sdl: `${LINK}\n${sdl}`,
    })),
  );
  if (!outcome.ok) throw new Error(outcome.problems.map((problem) => problem.message).join('\n'));
  return parseSupergraph(outcome.supergraphSdl, { source: 'test supergraph' });
}

describe('readCostDirectives', () => {
  it('reads the @cost and @listSize that composition carries into the supergraph', () => {
    const model = composedModel({
      catalog: `
        type Query {
          products(first: Int = 20, after: String): [Product!]! @listSize(slicingArguments: ["first"], assumedSize: 100)
          search(filter: Filter @cost(weight: 15)): [Product!]! @listSize(assumedSize: 10, requireOneSlicingArgument: false)
        }
        type Product @key(fields: "id") { id: ID! name: String! }
        input Filter { text: String @cost(weight: 2) }`,
      pricing: `
        type Product @key(fields: "id") { id: ID! price: Money @cost(weight: 5) }
        type Money @cost(weight: 3) { amount: Int! }`,
    });
    const { costDirectives } = model;
    expect(Object.fromEntries(costDirectives.fieldWeights)).toEqual({ 'Product.price': 5, 'Filter.text': 2 });
    expect(Object.fromEntries(costDirectives.typeWeights)).toEqual({ Money: 3 });
    expect(Object.fromEntries(costDirectives.argumentWeights)).toEqual({ 'Query.search(filter:)': 15 });
    expect(Object.fromEntries(costDirectives.listSizes)).toEqual({
      'Query.products': {
        assumedSize: 100,
        slicingArguments: ['first'],
        sizedFields: [],
        requireOneSlicingArgument: true,
      },
      'Query.search': {
        assumedSize: 10,
        slicingArguments: [],
        sizedFields: [],
        requireOneSlicingArgument: false,
      },
    });
  });

  it('finds none in a supergraph without them', () => {
    const model = composedModel({ catalog: 'type Query { tags: [String!]! }' });
    expect(model.costDirectives.listSizes.size + model.costDirectives.fieldWeights.size).toBe(0);
  });

  it('follows the names the cost spec link gives, imported or namespaced', () => {
    const supergraph = (link: string, cost: string, listSize: string) =>
      parse(`schema ${link} { query: Query }
        type Query { a: [Int] @${cost}(weight: 4) @${listSize}(assumedSize: 2) }`);
    const renamed = supergraph(
      '@link(url: "https://specs.apollo.dev/cost/v0.1", import: [{ name: "@cost", as: "@price" }, "@listSize"])',
      'price',
      'listSize',
    );
    const namespaced = supergraph(
      '@link(url: "https://specs.apollo.dev/cost/v0.1", as: "demand")',
      'demand',
      'demand__listSize',
    );
    for (const document of [renamed, namespaced]) {
      const read = readCostDirectives(document, 'test');
      expect(read.fieldWeights.get('Query.a')).toBe(4);
      expect(read.listSizes.get('Query.a')?.assumedSize).toBe(2);
    }
  });

  it("accepts IBM's string weights and refuses a weight that is no number, naming the coordinate", () => {
    const document = (weight: string) =>
      parse(`directive @cost(weight: String!) on FIELD_DEFINITION
        type Query { a: Int @cost(weight: ${weight}) }`);
    expect(readCostDirectives(document('"2.5"'), 'test').fieldWeights.get('Query.a')).toBe(2.5);
    expect(() => readCostDirectives(document('"lots"'), 'supergraph.graphql')).toThrow(
      new SupergraphError('supergraph.graphql', '@cost on Query.a needs a numeric weight'),
    );
  });
});
