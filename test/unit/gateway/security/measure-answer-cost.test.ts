import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../gateway/src/security/cost-model.js';
import { estimateOperationCost } from '../../../../gateway/src/security/estimate-operation-cost.js';
import { measureAnswerCost } from '../../../../gateway/src/security/measure-answer-cost.js';
import { catalogSchema } from './catalog-schema.js';

const model = new CostModel(catalogSchema, { objectWeight: 1, scalarWeight: 1, defaultListSize: 10 });

const actual = (query: string, data: Record<string, unknown> | null, operationName?: string) =>
  measureAnswerCost({ document: parse(query), operationName, data }, model);

describe('measureAnswerCost', () => {
  it('counts the values of the answer with the weights of the estimate, lists at their real length', () => {
    const query = '{ products(first: 5) { id name } }';
    const data = {
      products: [
        { id: '1', name: 'a' },
        { id: '2', name: 'b' },
      ],
    };
    expect(actual(query, data)).toBe(2 * (1 + 2));
    expect(estimateOperationCost(parse(query), { model }).cost).toBe(5 * (1 + 2));
  });

  it('counts a field selected twice (directly, in fragments, under an alias of itself) once', () => {
    const query = `{ product(id: 1) { id ...F ... on Product { id name } } }
      fragment F on Product { id related { id } }`;
    const data = { product: { id: '1', name: 'a', related: [{ id: '2' }] } };
    expect(actual(query, data)).toBe(1 + 1 + 1 + (1 + 1));
  });

  it('counts aliased fields under their response keys, and nulls as nothing', () => {
    const query = '{ a: product(id: 1) { n: name } b: product(id: 2) { n: name } }';
    expect(actual(query, { a: { n: 'x' }, b: null })).toBe(2);
  });

  it('costs nothing for an answer without data or for introspection', () => {
    expect(actual('{ tags }', null)).toBe(0);
    expect(
      actual('{ __schema { queryType { name } } tags }', {
        __schema: { queryType: { name: 'Query' } },
        tags: ['a'],
      }),
    ).toBe(1);
  });

  it('measures the named operation', () => {
    const query = 'query A { tags } query B { product(id: 1) { id } }';
    expect(actual(query, { product: { id: '1' } }, 'B')).toBe(2);
  });
});
