import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../../../gateway/src/security/measure-operation.js';
import { catalogSchema } from './catalog-schema.js';

const measure = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  measureOperation(parse(query), { schema: catalogSchema, variables, operationName, defaultListSize: 10 });

describe('measureOperation', () => {
  it('counts depth as the fields on the longest path', () => {
    expect(measure('{ tags }').depth).toBe(1);
    expect(measure('{ product(id: 1) { related { related { id } } name } }').depth).toBe(4);
  });

  it('follows fragments and inline fragments for depth, fields and aliases', () => {
    const query = `
      { product(id: 1) { ...Deep ... on Product { x: id } } }
      fragment Deep on Product { related { y: name ...Leaf } }
      fragment Leaf on Product { z: id }`;
    expect(measure(query)).toMatchObject({ depth: 3, aliases: 3, fields: 5, rootFields: 1 });
  });

  it('counts a fragment spread twice twice', () => {
    const query =
      '{ a: product(id: 1) { ...F } b: product(id: 2) { ...F } } fragment F on Product { n: name id }';
    expect(measure(query)).toMatchObject({ aliases: 4, fields: 6, rootFields: 2 });
  });

  it('counts root fields reached through fragments', () => {
    expect(measure('{ tags ...Roots } fragment Roots on Query { tags t: tags }').rootFields).toBe(3);
  });

  it('weights list fields by their first argument', () => {
    expect(measure('{ products(first: 5) { id name } }').cost).toBe(1 + 5 * 2);
  });

  it('takes list sizes from variables, variable defaults and schema defaults', () => {
    expect(measure('query($n: Int) { products(first: $n) { id } }', { n: 3 }).cost).toBe(1 + 3);
    expect(measure('query($n: Int = 7) { products(first: $n) { id } }').cost).toBe(1 + 7);
    expect(measure('{ products { id } }').cost).toBe(1 + 20);
    expect(measure('{ search(limit: 4) { id } }').cost).toBe(1 + 4);
  });

  it('falls back to the default list size and multiplies nested lists', () => {
    expect(measure('{ products(first: 10) { related { reviews(first: 2) { id } } } }').cost).toBe(
      1 + 10 * (1 + 10 * (1 + 2 * 1)),
    );
  });

  it('lets a connection field size the list beneath it', () => {
    expect(measure('{ productPage(first: 50) { items { id } totalCount } }').cost).toBe(1 + (1 + 50) + 1);
  });

  it('without a schema, sizes only fields with a slicing argument', () => {
    const document = parse('{ products(first: 5) { related { id } } }');
    expect(measureOperation(document, { defaultListSize: 10 }).cost).toBe(1 + 5 * (1 + 1));
  });

  it('keeps introspection out of depth and cost', () => {
    const measured = measure('{ __schema { types { fields { type { name } } } } }');
    expect(measured).toMatchObject({ depth: 0, cost: 0, fields: 5 });
  });

  it('measures the named operation only', () => {
    const query = 'query Small { tags } query Big { products(first: 100) { id } }';
    expect(measure(query, undefined, 'Small').cost).toBe(1);
    expect(measure(query, undefined, 'Big').cost).toBe(101);
  });

  it('does not recurse forever on fragment cycles', () => {
    const query = `{ product(id: 1) { ...A } }
      fragment A on Product { id ...B }
      fragment B on Product { name ...A }`;
    expect(measure(query)).toMatchObject({ fields: 3, depth: 2 });
  });

  it('measures a fragment bomb (each fragment spreading the next twice, 64 levels) in linear time', () => {
    const levels = 64;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Product { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ product(id: 1) { ...F0 } }\n${fragments}\nfragment F${levels} on Product { id }`;
    const measured = measure(query);
    expect(measured.fields).toBe(1 + 2 ** levels);
    expect(measured.depth).toBe(2);
  });

  it('treats an absurd list size in the variables as the largest Int', () => {
    const measured = measure('query($n: Int) { products(first: $n) { id } }', { n: 1e308 });
    expect(measured.cost).toBe(1 + 2_147_483_647);
  });
});
