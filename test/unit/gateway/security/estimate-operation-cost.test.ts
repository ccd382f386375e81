import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CostWeights } from '../../../../gateway/src/security/cost-model.js';
import { estimateOperationCost } from '../../../../gateway/src/security/estimate-operation-cost.js';
import type {
  CostDirectives,
  ListSizeDirective,
} from '../../../../gateway/src/supergraph/cost-directives.js';
import { catalogSchema } from './catalog-schema.js';

const WEIGHTS: CostWeights = { objectWeight: 1, scalarWeight: 1, defaultListSize: 10 };

const estimate = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimateOperationCost(parse(query), {
    model: new CostModel(catalogSchema, WEIGHTS),
    variables: variables ?? null,
    operationName: operationName ?? null,
  });

const listSize = (directive: Partial<ListSizeDirective>): ListSizeDirective => ({
  assumedSize: undefined,
  slicingArguments: [],
  sizedFields: [],
  requireOneSlicingArgument: true,
  ...directive,
});

function directives(parts: Partial<Record<keyof CostDirectives, Record<string, unknown>>>): CostDirectives {
  const map = <T>(entries: Record<string, unknown> | undefined) =>
    new Map(Object.entries(entries ?? {})) as Map<string, T>;
  return {
    typeWeights: map(parts.typeWeights),
    fieldWeights: map(parts.fieldWeights),
    argumentWeights: map(parts.argumentWeights),
    listSizes: map(parts.listSizes),
  };
}

describe('estimateOperationCost without cost directives', () => {
  it('counts every value of the answer, objects and scalars, each list at its first argument', () => {
    expect(estimate('{ products(first: 5) { id name } }').cost).toBe(5 * (1 + 2));
  });

  it('takes list sizes from variables, variable defaults and schema defaults', () => {
    expect(estimate('query($n: Int) { products(first: $n) { id } }', { n: 3 }).cost).toBe(3 * 2);
    expect(estimate('query($n: Int = 7) { products(first: $n) { id } }').cost).toBe(7 * 2);
    expect(estimate('{ products { id } }').cost).toBe(20 * 2);
    expect(estimate('{ search(limit: 4) { id } }').cost).toBe(4 * 2);
  });

  it('falls back to the default list size and multiplies nested lists', () => {
    expect(estimate('{ products(first: 10) { related { reviews(first: 2) { id } } } }').cost).toBe(
      10 * (1 + 10 * (1 + 2 * (1 + 1))),
    );
    expect(estimate('{ tags }').cost).toBe(10);
  });

  it('lets a connection field size the list beneath it', () => {
    expect(estimate('{ productPage(first: 50) { items { id } totalCount } }').cost).toBe(1 + 50 * 2 + 1);
  });

  it('leaves introspection out and counts __typename as a value', () => {
    expect(estimate('{ __schema { types { fields { type { name } } } } }').cost).toBe(0);
    expect(estimate('{ product(id: 1) { __typename } }').cost).toBe(2);
  });

  it('estimates the named operation only', () => {
    const query = 'query Small { tags } query Big { products(first: 100) { id } }';
    expect(estimate(query, undefined, 'Small').cost).toBe(10);
    expect(estimate(query, undefined, 'Big').cost).toBe(200);
  });

  it('treats an absurd list size in the variables as the largest Int', () => {
    const measured = estimate('query($n: Int) { products(first: $n) { id } }', { n: 1e308 });
    expect(measured.cost).toBe(2_147_483_647 * 2);
  });

  it('estimates a fragment bomb (each fragment spreading the next twice, 64 levels) in linear time', () => {
    const fragments = Array.from(
      { length: 64 },
      (_, i) => `fragment F${i} on Product { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ product(id: 1) { ...F0 } }\n${fragments}\nfragment F64 on Product { id }`;
    expect(estimate(query).cost).toBe(1 + 2 ** 64);
  });

  it('weighs objects and scalars as configured, IBM-style with scalars free', () => {
    const model = new CostModel(catalogSchema, { objectWeight: 1, scalarWeight: 0, defaultListSize: 10 });
    const query = '{ products(first: 5) { id name related { id } } }';
    expect(estimateOperationCost(parse(query), { model }).cost).toBe(5 * (1 + 10 * 1));
  });
});

const DIRECTED_SCHEMA = buildSchema(`
  type Query {
    products(first: Int, after: String): [Product!]!
    page(first: Int, last: Int): ProductPage!
    films(first: Int, last: Int): [Product!]!
    warehouses: [String!]!
    search(filter: Filter, exact: Boolean): [Product!]!
    media: [Media!]!
  }
  type Product { id: ID! name: String! price: Money! recommendations: [Product!]! }
  type Money { amount: Int! currency: String! }
  type ProductPage { items: [Product!]! total: Int! }
  type Video { id: ID! }
  type Book { id: ID! }
  union Media = Video | Book
  input Filter { text: String fuzzy: Boolean }
`);

const directed = (query: string, costDirectives: CostDirectives, variables?: Record<string, unknown>) =>
  estimateOperationCost(parse(query), {
    model: new CostModel(DIRECTED_SCHEMA, WEIGHTS, costDirectives),
    variables: variables ?? null,
  });

describe('estimateOperationCost with @cost and @listSize', () => {
  it("weighs a field by its @cost, else its type's @cost, else the defaults", () => {
    const costs = directives({ fieldWeights: { 'Product.name': 5 }, typeWeights: { Money: 3 } });
    expect(directed('{ products(first: 2) { name price { amount } } }', costs).cost).toBe(
      2 * (1 + 5 + (3 + 1)),
    );
  });

  it('weighs a union as its heaviest member', () => {
    const costs = directives({ typeWeights: { Video: 20, Book: 2 } });
    expect(directed('{ media { ... on Video { id } ... on Book { id } } }', costs).cost).toBe(
      10 * (20 + 1 + 1),
    );
  });

  it('sizes a list by its assumedSize', () => {
    const costs = directives({ listSizes: { 'Query.warehouses': listSize({ assumedSize: 3 }) } });
    expect(directed('{ warehouses }', costs).cost).toBe(3);
  });

  it('sizes a list by its slicing argument, cut to assumedSize, the most the field returns', () => {
    const costs = directives({
      listSizes: { 'Query.products': listSize({ slicingArguments: ['first'], assumedSize: 100 }) },
    });
    expect(directed('{ products(first: 40) { id } }', costs).cost).toBe(40 * 2);
    expect(directed('{ products(first: 5000) { id } }', costs).cost).toBe(100 * 2);
    expect(directed('query($n: Int!) { products(first: $n) { id } }', costs, { n: 1e9 }).cost).toBe(100 * 2);
  });

  it('sizes the sizedFields beneath a connection by its slicing argument', () => {
    const costs = directives({
      listSizes: { 'Query.page': listSize({ slicingArguments: ['first', 'last'], sizedFields: ['items'] }) },
    });
    expect(directed('{ page(first: 25) { items { id } total } }', costs).cost).toBe(1 + 25 * 2 + 1);
  });

  it('refuses none, or several, of the slicing arguments where one is required', () => {
    const costs = directives({
      listSizes: { 'Query.films': listSize({ slicingArguments: ['first', 'last'] }) },
    });
    expect(directed('{ films(first: 3) { id } }', costs)).toEqual({ cost: 3 * 2 });
    const none = directed('{ films { id } }', costs).problem;
    expect(none?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(none?.message).toBe(
      'Query.films needs exactly one of first, last to size its list (@listSize requireOneSlicingArgument); the operation gives none.',
    );
    expect(none?.locations).toEqual([{ line: 1, column: 3 }]);
    expect(directed('{ films(first: 3, last: 4) { id } }', costs).problem?.message).toMatch(/gives 2\.$/);
  });

  it('takes the largest slicing argument when several may be given', () => {
    const costs = directives({
      listSizes: {
        'Query.films': listSize({ slicingArguments: ['first', 'last'], requireOneSlicingArgument: false }),
      },
    });
    expect(directed('{ films(first: 3, last: 7) { id } }', costs)).toEqual({ cost: 7 * 2 });
  });

  it('adds the @cost of arguments and input fields given, never going below zero', () => {
    const costs = directives({
      argumentWeights: { 'Query.search(filter:)': 15, 'Query.search(exact:)': -100 },
      fieldWeights: { 'Filter.fuzzy': -12 },
      listSizes: { 'Query.search': listSize({ assumedSize: 2 }) },
    });
    expect(directed('{ search(filter: { text: "a" }) { id } }', costs).cost).toBe(2 * 2 + 15);
    const fuzzy = 'query($f: Filter) { search(filter: $f) { id } }';
    expect(directed(fuzzy, costs, { f: { text: 'a', fuzzy: true } }).cost).toBe(2 * 2 + 15 - 12);
    expect(directed('{ search(exact: true) { id } }', costs).cost).toBe(0);
  });
});
