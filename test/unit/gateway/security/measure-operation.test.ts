import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../../../gateway/src/security/measure-operation.js';

const measure = (query: string, operationName?: string) => measureOperation(parse(query), { operationName });

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

  it('counts the fields of a fragment spread twice twice, and its aliases once, as written', () => {
    const query =
      '{ a: product(id: 1) { ...F } b: product(id: 2) { ...F } } fragment F on Product { n: name id }';
    expect(measure(query)).toMatchObject({ aliases: 3, fields: 6, rootFields: 2 });
  });

  it('counts the aliases of fragments reached through other fragments, each once', () => {
    const query = `query Main { product(id: 1) { ...A ...B ...A } }
      fragment A on Product { a1: id a2: name ...C }
      fragment B on Product { b1: id ...C }
      fragment C on Product { c1: id c2: name }
      query Other { tags }
      fragment Unused on Product { u1: id u2: id u3: id }`;
    expect(measureOperation(parse(query), { operationName: null }).aliases).toBe(5);
  });

  it('counts root fields reached through fragments', () => {
    expect(measure('{ tags ...Roots } fragment Roots on Query { tags t: tags }').rootFields).toBe(3);
  });

  it('keeps introspection out of depth', () => {
    const measured = measure('{ __schema { types { fields { type { name } } } } }');
    expect(measured).toMatchObject({ depth: 0, fields: 5 });
  });

  it('measures the named operation only', () => {
    const query = 'query Small { tags } query Big { a: products(first: 100) { b: id } }';
    expect(measure(query, 'Small')).toMatchObject({ fields: 1, aliases: 0 });
    expect(measure(query, 'Big')).toMatchObject({ fields: 2, aliases: 2 });
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
});
