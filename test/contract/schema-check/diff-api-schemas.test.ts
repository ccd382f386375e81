import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { diffApiSchemas } from '../../../scripts/schema-check/diff-api-schemas.js';

const base = /* GraphQL */ `
  type Query {
    product(id: ID!): Product
    products(first: Int = 20, category: Category): [Product!]!
    search(text: String!): [SearchResult!]!
  }
  type Mutation {
    setPrice(productId: ID!, input: SetPriceInput!): Price!
  }
  interface Node { id: ID! }
  type Product implements Node {
    id: ID!
    name: String!
    description: String
    category: Category!
    tags: [String!]!
    price: Price
  }
  type Price { amount: Int!, currency: String! }
  type Article { id: ID!, title: String! }
  union SearchResult = Product | Article
  enum Category { BOOKS TOYS }
  enum SortOrder { ASC DESC }
  input SetPriceInput { currency: String!, listAmount: Int!, saleAmount: Int, order: SortOrder }
  directive @cached(seconds: Int) on FIELD | QUERY
`;

/** Diffs `base` against `base` with each [from, to] replacement applied once. */
function diffAfter(...replacements: [string, string][]) {
  let next = base;
  for (const [from, to] of replacements) {
    expect(next).toContain(from);
    next = next.replace(from, to);
  }
  return diffApiSchemas(buildSchema(base), buildSchema(next)).map(({ severity, kind, coordinate }) => ({
    severity,
    kind,
    coordinate,
  }));
}

describe('diffApiSchemas', () => {
  it('finds no changes between identical schemas', () => {
    expect(diffAfter()).toEqual([]);
  });

  it('classifies added types, fields and optional arguments as safe', () => {
    expect(
      diffAfter(
        ['type Price {', 'type Brand { name: String! }\n  type Price {'],
        ['price: Price\n', 'price: Price\n    brand: Brand\n'],
        ['products(first: Int = 20, ', 'products(first: Int = 20, inStock: Boolean, '],
      ),
    ).toEqual([
      { severity: 'safe', kind: 'TYPE_ADDED', coordinate: 'Brand' },
      { severity: 'safe', kind: 'FIELD_ADDED', coordinate: 'Product.brand' },
      { severity: 'safe', kind: 'ARGUMENT_ADDED', coordinate: 'Query.products(inStock:)' },
    ]);
  });

  it('classifies removed types, fields, arguments and enum values as breaking', () => {
    expect(
      diffAfter(
        ['  type Article { id: ID!, title: String! }\n', ''],
        ['union SearchResult = Product | Article', 'union SearchResult = Product'],
        ['    tags: [String!]!\n', ''],
        ['products(first: Int = 20, category: Category)', 'products(first: Int = 20)'],
        ['enum Category { BOOKS TOYS }', 'enum Category { BOOKS }'],
      ),
    ).toEqual([
      { severity: 'breaking', kind: 'TYPE_REMOVED', coordinate: 'Article' },
      { severity: 'breaking', kind: 'ENUM_VALUE_REMOVED', coordinate: 'Category.TOYS' },
      { severity: 'breaking', kind: 'FIELD_REMOVED', coordinate: 'Product.tags' },
      { severity: 'breaking', kind: 'ARGUMENT_REMOVED', coordinate: 'Query.products(category:)' },
      { severity: 'breaking', kind: 'UNION_MEMBER_REMOVED', coordinate: 'SearchResult' },
    ]);
  });

  it('treats an output field that may now be null as breaking and one that never is as safe', () => {
    const changes = diffApiSchemas(
      buildSchema(base),
      buildSchema(
        base.replace('name: String!', 'name: String').replace('description: String', 'description: String!'),
      ),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        kind: 'FIELD_TYPE_CHANGED',
        coordinate: 'Product.name',
        description:
          'Field `Product.name` changed type from `String!` to `String`: clients may now receive null.',
      }),
      expect.objectContaining({
        severity: 'safe',
        kind: 'FIELD_TYPE_CHANGED',
        coordinate: 'Product.description',
        description:
          'Field `Product.description` changed type from `String` to `String!`: it is never null now.',
      }),
    ]);
  });

  it('treats a changed named type or list shape of an output field as breaking', () => {
    expect(
      diffAfter(['    price: Price\n', '    price: Int\n'], ['tags: [String!]!', 'tags: String!']),
    ).toEqual([
      { severity: 'breaking', kind: 'FIELD_TYPE_CHANGED', coordinate: 'Product.price' },
      { severity: 'breaking', kind: 'FIELD_TYPE_CHANGED', coordinate: 'Product.tags' },
    ]);
  });

  it('treats an input that is now required as breaking and one that now accepts null as safe', () => {
    const changes = diffApiSchemas(
      buildSchema(base),
      buildSchema(
        base.replace('saleAmount: Int,', 'saleAmount: Int!,').replace('listAmount: Int!', 'listAmount: Int'),
      ),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        coordinate: 'SetPriceInput.saleAmount',
        description:
          'Input field `SetPriceInput.saleAmount` changed type from `Int` to `Int!`: it is required now.',
      }),
      expect.objectContaining({
        severity: 'safe',
        coordinate: 'SetPriceInput.listAmount',
        description:
          'Input field `SetPriceInput.listAmount` changed type from `Int!` to `Int`: it accepts null now.',
      }),
    ]);
  });

  it('treats a new required argument or input field as breaking for every caller of the field or input', () => {
    const changes = diffApiSchemas(
      buildSchema(base),
      buildSchema(
        base
          .replace('search(text: String!)', 'search(text: String!, locale: String!)')
          .replace('order: SortOrder }', 'order: SortOrder, reason: String! }'),
      ),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        kind: 'ARGUMENT_ADDED',
        coordinate: 'Query.search(locale:)',
        reaches: 'Query.search',
      }),
      expect.objectContaining({
        severity: 'breaking',
        kind: 'INPUT_FIELD_ADDED',
        coordinate: 'SetPriceInput.reason',
        reaches: 'SetPriceInput',
      }),
    ]);
  });

  it('treats a required argument added with a default as safe', () => {
    expect(diffAfter(['search(text: String!)', 'search(text: String!, limit: Int! = 10)'])).toEqual([
      { severity: 'safe', kind: 'ARGUMENT_ADDED', coordinate: 'Query.search(limit:)' },
    ]);
  });

  it('treats a changed default value as dangerous', () => {
    expect(diffAfter(['first: Int = 20', 'first: Int = 50'])).toEqual([
      { severity: 'dangerous', kind: 'ARGUMENT_DEFAULT_CHANGED', coordinate: 'Query.products(first:)' },
    ]);
  });

  it('treats a value added to an enum some field returns as dangerous, and to an input-only enum as safe', () => {
    expect(
      diffAfter(
        ['enum Category { BOOKS TOYS }', 'enum Category { BOOKS GARDEN TOYS }'],
        ['enum SortOrder { ASC DESC }', 'enum SortOrder { ASC DESC RANDOM }'],
      ),
    ).toEqual([
      { severity: 'dangerous', kind: 'ENUM_VALUE_ADDED', coordinate: 'Category.GARDEN' },
      { severity: 'safe', kind: 'ENUM_VALUE_ADDED', coordinate: 'SortOrder.RANDOM' },
    ]);
  });

  it('treats a new union member or implemented interface as dangerous and a dropped interface as breaking', () => {
    expect(
      diffAfter(
        ['union SearchResult = Product | Article', 'union SearchResult = Product | Article | Price'],
        ['type Article { id: ID!', 'type Article implements Node { id: ID!'],
        ['type Product implements Node {', 'type Product {'],
      ),
    ).toEqual([
      { severity: 'breaking', kind: 'INTERFACE_REMOVED', coordinate: 'Product' },
      { severity: 'dangerous', kind: 'INTERFACE_ADDED', coordinate: 'Article' },
      { severity: 'dangerous', kind: 'UNION_MEMBER_ADDED', coordinate: 'SearchResult' },
    ]);
  });

  it('treats a type that changed kind as breaking', () => {
    expect(diffAfter(['type Price { amount: Int!, currency: String! }', 'scalar Price'])).toEqual([
      { severity: 'breaking', kind: 'TYPE_KIND_CHANGED', coordinate: 'Price' },
    ]);
  });

  it('reports deprecations and description changes as safe', () => {
    expect(
      diffAfter(
        [
          '    tags: [String!]!\n',
          '    "Free-form labels."\n    tags: [String!]! @deprecated(reason: "Use category.")\n',
        ],
        ['enum Category { BOOKS TOYS }', 'enum Category { BOOKS TOYS @deprecated }'],
      ),
    ).toEqual([
      { severity: 'safe', kind: 'ENUM_VALUE_DEPRECATED', coordinate: 'Category.TOYS' },
      { severity: 'safe', kind: 'FIELD_DEPRECATED', coordinate: 'Product.tags' },
      { severity: 'safe', kind: 'FIELD_DESCRIPTION_CHANGED', coordinate: 'Product.tags' },
    ]);
  });

  it('reports removed directives and locations as breaking and new ones as safe', () => {
    expect(
      diffAfter([
        'directive @cached(seconds: Int) on FIELD | QUERY',
        'directive @cached(seconds: Int) on FIELD\n  directive @trace on QUERY',
      ]),
    ).toEqual([
      { severity: 'breaking', kind: 'DIRECTIVE_LOCATION_REMOVED', coordinate: '@cached' },
      { severity: 'safe', kind: 'DIRECTIVE_ADDED', coordinate: '@trace' },
    ]);
  });
});
