import { parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { CostModel } from '../../../../gateway/src/security/cost-model.js';
import { estimateOperationCost } from '../../../../gateway/src/security/estimate-operation-cost.js';
import {
  GENERATE_AFTER_OBJECTS,
  measureAnswerCost,
} from '../../../../gateway/src/security/measure-answer-cost.js';
import { noCostDirectives } from '../../../../gateway/src/supergraph/cost-directives.js';
import { catalogSchema } from './catalog-schema.js';
import { models, WEIGHTS } from './variable-cost-fixture.js';

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

describe('measureAnswerCost on a document measured before', () => {
  const query = '{ product(id: 1) { id related { id name related { id } } } }';
  const full = { product: { id: '1', related: [{ id: '2', name: 'b', related: [{ id: '3' }] }] } };

  it("reuses the document's response-key weights, measuring each answer's own data", () => {
    const model = models.plain();
    const document = parse(query);
    const measure = (data: Record<string, unknown>) => measureAnswerCost({ document, data }, model);
    expect(measure(full)).toBe(1 + 1 + (1 + 1 + 1 + (1 + 1)));
    const weights = vi.spyOn(model, 'fieldWeight');
    expect(measure(full)).toBe(7);
    expect(measure({ product: { id: '1', related: [] } })).toBe(2);
    expect(weights).not.toHaveBeenCalled();
  });

  it('works out the keys an earlier answer did not reach when a later one does', () => {
    const model = models.plain();
    const document = parse(query);
    expect(measureAnswerCost({ document, data: { product: null } }, model)).toBe(0);
    expect(measureAnswerCost({ document, data: full }, model)).toBe(
      measureAnswerCost({ document: parse(query), data: full }, model),
    );
  });

  it('measures each operation of a document, and each cost model, apart', () => {
    const model = models.plain();
    const document = parse('query A { products { id } } query B { product(id: 1) { id name } }');
    const data = { products: [{ id: '1' }], product: { id: '1', name: 'a' } };
    expect(measureAnswerCost({ document, operationName: 'A', data }, model)).toBe(2);
    expect(measureAnswerCost({ document, operationName: 'B', data }, model)).toBe(3);
    expect(measureAnswerCost({ document, data }, model)).toBe(2);
    expect(measureAnswerCost({ document, operationName: 'C', data }, model)).toBe(0);
    const scalarsFree = new CostModel(models.plain().schema, {
      objectWeight: 1,
      scalarWeight: 0,
      defaultListSize: 10,
    });
    expect(measureAnswerCost({ document, operationName: 'B', data }, scalarsFree)).toBe(1);
  });

  it('measures the same once the walk of a list of keys in use is generated', () => {
    const model = models.plain();
    const document = parse('{ products { id toString: name constructor: related { id } } }');
    const products = Array.from({ length: GENERATE_AFTER_OBJECTS + 5 }, (_, index) => ({
      id: String(index),
      toString: index % 2 === 0 ? 'a' : null,
      constructor: index % 3 === 0 ? [] : [{ id: 'r' }],
    }));
    const data = { products };
    // Objects and scalars weigh 1: each product and its id, each non-null name, each related product and its id.
    const names = products.filter((product) => product.toString !== null).length;
    const related = products.filter((product) => product.constructor.length > 0).length;
    const expected = 2 * products.length + names + 2 * related;
    // The first answer crosses the threshold halfway through its products; later ones run generated.
    for (let answer = 0; answer < 3; answer += 1) {
      expect(measureAnswerCost({ document, data }, model)).toBe(expected);
      expect(measureAnswerCost({ document, data: { products: [{ id: '1' }] } }, model)).toBe(2);
    }
  });

  it("weighs arguments with each answer's own variables", () => {
    const model = models.weighed();
    const document = parse('query($f: Boolean) { search(filter: { fuzzy: $f }) { id } }');
    const data = { search: [{ id: '1' }] };
    const measure = (variables: Record<string, unknown>) =>
      measureAnswerCost({ document, variables, data }, model);
    expect(measure({})).toBe(2 + 15);
    expect(measure({ f: true })).toBe(2 + 15 + 12);
    expect(measure({})).toBe(2 + 15);
  });

  it('adds argument weights once per key in the answer, null or not, never going below zero', () => {
    const model = new CostModel(models.plain().schema, WEIGHTS, {
      ...noCostDirectives,
      argumentWeights: new Map([
        ['Query.search(filter:)', 15],
        ['Query.search(exact:)', -100],
      ]),
    });
    const document = parse('{ a: search(filter: { text: "x" }) { id } b: search(exact: true) { id } }');
    const hit = [{ id: '1' }, { id: '2' }];
    expect(measureAnswerCost({ document, data: { a: hit, b: hit } }, model)).toBe(2 * 2 + 15);
    expect(measureAnswerCost({ document, data: { a: null, b: null } }, model)).toBe(15);
    expect(measureAnswerCost({ document, data: { b: hit } }, model)).toBe(0);
  });

  it('counts free scalars as nothing, and a scalar that weighs or takes weighed arguments in full', () => {
    const freeScalars = new CostModel(
      models.plain().schema,
      { ...WEIGHTS, scalarWeight: 0 },
      {
        ...noCostDirectives,
        fieldWeights: new Map([['Product.name', 3]]),
        argumentWeights: new Map([['Query.search(exact:)', 5]]),
      },
    );
    const document = parse('{ products { id name related { id } } search(exact: true) { id } }');
    const data = {
      products: [
        { id: '1', name: 'a', related: [{ id: '2' }, { id: '3' }] },
        { id: '4', name: null, related: [] },
      ],
      search: null,
    };
    // Two products (1 each), one name (3; the null one is free), two related (1 each); search's argument: 5.
    expect(measureAnswerCost({ document, data }, freeScalars)).toBe(2 + 3 + 2 + 5);
  });

  it("counts only the answer's keys the operation selected, whatever their names", () => {
    const model = models.plain();
    const document = parse('{ toString: product(id: 1) { id } }');
    const data = { toString: { id: '1', constructor: 'x' }, constructor: { id: '2' }, extra: [1, 2] };
    expect(measureAnswerCost({ document, data }, model)).toBe(2);
    expect(measureAnswerCost({ document, data: { product: { id: '1' } } }, model)).toBe(0);
  });
});
