import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validationProblems } from '../../../scripts/schema-check/check-operations.js';
import { loadKnownOperations } from '../../../scripts/schema-check/known-operations.js';

const root = join(import.meta.dirname, '../../..');
const apiSchema = buildASTSchema(
  transformSupergraphToPublicSchema(parse(readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8'))),
);
const operations = await loadKnownOperations(join(root, 'schema/operations'), root);

describe('schema/operations', () => {
  it('holds the operations the README and the end-to-end tests send', () => {
    expect(operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining([
        'ProductsWithPriceAndStock',
        'ProductDetail',
        'ProductsByCategory',
        'CreateProduct',
        'ReserveStock',
        'SetPrice',
        'StockChanged',
      ]),
    );
  });

  it('names every operation, each name once', () => {
    const names = operations.map((operation) => operation.name);
    expect(names).not.toContain('(anonymous)');
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(operations.map((operation) => [`${operation.name} (${operation.file})`, operation] as const))(
    '%s validates against the API schema of schema/supergraph.graphql',
    (_, operation) => {
      expect(validationProblems(operation, apiSchema)?.problems ?? []).toEqual([]);
    },
  );
});
