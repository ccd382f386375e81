import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildQueryPlan } from '../../../../gateway/src/planner/build-query-plan.js';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import { composeModel } from '../planner/compose-and-plan.js';

const model = composeModel({
  product: `
    type Query { products: [Product!]! node(id: ID!): Node secret: String @inaccessible }
    interface Node { id: ID! }
    type Product implements Node @key(fields: "id") @key(fields: "sku") { id: ID! sku: String! weightGrams: Int! }`,
  pricing: `
    type Product @key(fields: "id") {
      id: ID!
      weightGrams: Int! @external
      price: Int @override(from: "product")
      shipping: Int @requires(fields: "weightGrams")
    }`,
  stock: `
    type Product @key(fields: "id", resolvable: false) { id: ID! }
    type Shelf @key(fields: "id") { id: ID! top: Product @provides(fields: "sku") }
    extend type Product { sku: String! @external }`,
});

describe('parseSupergraph', () => {
  it('reads subgraphs with their URLs', () => {
    expect([...model.subgraphs.values()]).toEqual([
      { name: 'pricing', url: 'http://pricing.example/graphql' },
      { name: 'product', url: 'http://product.example/graphql' },
      { name: 'stock', url: 'http://stock.example/graphql' },
    ]);
  });

  it('reads keys per subgraph, resolvable or not', () => {
    const product = model.types.get('Product');
    expect(product?.subgraphs.get('product')?.keys.map((key) => [key.fields, key.resolvable])).toEqual([
      ['id', true],
      ['sku', true],
    ]);
    expect(product?.subgraphs.get('stock')?.keys.map((key) => [key.fields, key.resolvable])).toEqual([
      ['id', false],
    ]);
  });

  it('knows which subgraphs resolve each field, leaving out external and overridden declarations', () => {
    const fields = model.types.get('Product')?.fields;
    expect([...(fields?.get('weightGrams')?.sources.keys() ?? [])]).toEqual(['product']);
    expect([...(fields?.get('price')?.sources.keys() ?? [])]).toEqual(['pricing']);
    expect([...(fields?.get('id')?.sources.keys() ?? [])].sort()).toEqual(['pricing', 'product', 'stock']);
    expect(fields?.get('shipping')?.sources.get('pricing')?.requires).toBeDefined();
    expect(model.types.get('Shelf')?.fields.get('top')?.sources.get('stock')?.provides).toBeDefined();
  });

  it('knows which implementations each subgraph can return for an interface', () => {
    expect([...(model.types.get('Node')?.possibleTypes.get('product') ?? [])]).toEqual(['Product']);
  });

  it('builds an API schema without federation machinery or @inaccessible elements', () => {
    const query = model.apiSchema.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(['products', 'node']);
    for (const hidden of ['_entities', '_service', '_Any', 'join__Graph', 'link__Purpose']) {
      expect(model.apiSchema.getType(hidden) ?? query[hidden]).toBeUndefined();
    }
    expect(model.schema.getQueryType()?.getFields().secret).toBeDefined();
  });

  it('replaces subgraph URLs when asked and refuses a URL for a subgraph it does not have', () => {
    const sdl = model.sdl;
    const moved = parseSupergraph(sdl, { subgraphUrls: { pricing: 'http://pricing:4003/graphql' } });
    expect(moved.subgraphs.get('pricing')?.url).toBe('http://pricing:4003/graphql');
    expect(() =>
      parseSupergraph(sdl, { source: 'sg.graphql', subgraphUrls: { billing: 'http://x' } }),
    ).toThrow(/sg\.graphql.*"billing".*pricing, product, stock/);
  });
});

describe('a supergraph that cannot be used', () => {
  it('names the source, line and column of a syntax error', () => {
    expect(() =>
      parseSupergraph('type Query {\n  a: Int\n  b: \n}', { source: 'schema/supergraph.graphql' }),
    ).toThrow(/^Supergraph schema\/supergraph\.graphql: Syntax Error: .* \(line 4, column 1\)$/);
  });

  it('refuses a schema that links no join spec', () => {
    expect(() => parseSupergraph('type Query { a: Int }', { source: 'plain.graphql' })).toThrow(
      'Supergraph plain.graphql: it links no join spec (https://specs.apollo.dev/join/v0.x), so it is not a supergraph',
    );
  });

  it('names a @join__type that points at an unknown subgraph', () => {
    const broken = model.sdl.replace(
      '@join__type(graph: PRICING, key: "id")',
      '@join__type(graph: BILLING, key: "id")',
    );
    expect(() => parseSupergraph(broken, { source: 'sg' })).toThrow(
      'Supergraph sg: type Product: @join__type(graph: BILLING) names no value of join__Graph',
    );
  });

  it('names a field set that does not parse', () => {
    const broken = model.sdl.replace('requires: "weightGrams"', 'requires: "weightGrams {"');
    expect(() => parseSupergraph(broken, { source: 'sg' })).toThrow(
      /field Product\.shipping @join__field\(requires:\) has an invalid field set/,
    );
  });
});

const FEDERATION_1 = `
schema @core(feature: "https://specs.apollo.dev/core/v0.1") @core(feature: "https://specs.apollo.dev/join/v0.1") {
  query: Query
}
directive @core(feature: String!) repeatable on SCHEMA
directive @join__owner(graph: join__Graph!) on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet) repeatable on OBJECT | INTERFACE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet) on FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
scalar join__FieldSet
enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts" url: "http://accounts/graphql")
  REVIEWS @join__graph(name: "reviews" url: "http://reviews/graphql")
}
type Query {
  me: User @join__field(graph: ACCOUNTS)
  topReviews: [Review] @join__field(graph: REVIEWS)
}
type User @join__owner(graph: ACCOUNTS) @join__type(graph: ACCOUNTS, key: "id") @join__type(graph: REVIEWS, key: "id") {
  id: ID! @join__field(graph: ACCOUNTS)
  name: String @join__field(graph: ACCOUNTS)
  reviews: [Review] @join__field(graph: REVIEWS)
}
type Review {
  body: String
  author: User
}
`;

describe('Federation 1 supergraphs', () => {
  const fed1 = parseSupergraph(FEDERATION_1, { source: 'fed1' });

  it('gives owner fields to the owner and key fields to every subgraph declaring the key', () => {
    const user = fed1.types.get('User');
    expect([...(user?.fields.get('name')?.sources.keys() ?? [])]).toEqual(['accounts']);
    expect([...(user?.fields.get('id')?.sources.keys() ?? [])]).toEqual(['accounts', 'reviews']);
  });

  it('plans across a value type every subgraph may define and an entity owned by one', () => {
    const plan = buildQueryPlan(new SupergraphIndex(fed1), parse('{ topReviews { body author { name } } }'));
    expect(printQueryPlan(plan.plan)).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "reviews") {
            {
              topReviews {
                body
                author {
                  __typename
                  id
                }
              }
            }
          },
          Flatten(path: "topReviews.@.author") {
            Fetch(service: "accounts") {
              {
                ... on User {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on User {
                    name
                  }
                }
              }
            }
          }
        }
      }"
    `);
  });
});
