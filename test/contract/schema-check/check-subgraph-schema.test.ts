import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSubgraphSchema } from '../../../scripts/schema-check/check-subgraph-schema.js';
import type { CheckInputs } from '../../../scripts/schema-check/load-check-inputs.js';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';
const books = (query: string) =>
  `${link}\ntype Query { ${query} }\ntype Book @key(fields: "id") { id: ID!, title: String! }`;
const reviews = `${link}\ntype Book @key(fields: "id") { id: ID!, rating: Int }`;

function inputs(proposedBooks: string, operations: Record<string, string>): CheckInputs {
  return {
    subgraph: 'books',
    source: 'books.graphql',
    proposed: [
      { name: 'books', url: 'http://books.test/graphql', sdl: proposedBooks },
      { name: 'reviews', url: 'http://reviews.test/graphql', sdl: reviews },
    ],
    currentApiSchema: buildSchema(
      'type Query { books(first: Int): [Book!]! }\ntype Book { id: ID!, title: String!, rating: Int }',
    ),
    operations: Object.entries(operations).map(([name, text]) => ({
      file: `${name}.graphql`,
      name,
      document: parse(text),
    })),
  };
}

describe('checkSubgraphSchema', () => {
  it('fails a new required argument for an operation that calls the field without it', () => {
    const report = checkSubgraphSchema(
      inputs(books('books(first: Int, shelf: String!): [Book!]!'), {
        Shelf: 'query Shelf { books { title } }',
      }),
      { strict: false },
    );

    expect(report.passed).toBe(false);
    expect(report.changes).toEqual([
      expect.objectContaining({
        coordinate: 'Query.books(shelf:)',
        usedBy: [{ file: 'Shelf.graphql', operation: 'Shelf' }],
      }),
    ]);
    expect(report.operations?.broken.map((broken) => broken.operation)).toEqual(['Shelf']);
  });

  it('ignores, with a note, a known operation that is already invalid against the current schema', () => {
    const report = checkSubgraphSchema(
      inputs(books('books(first: Int): [Book!]!'), { Stale: 'query Stale { books { author } }' }),
      { strict: true },
    );

    expect(report.passed).toBe(true);
    expect(report.operations).toMatchObject({
      checked: 1,
      broken: [],
      alreadyInvalid: [{ operation: 'Stale' }],
    });
    expect(report.notes).toEqual([
      '1 known operation already invalid against the current supergraph, ignored.',
    ]);
  });
});
