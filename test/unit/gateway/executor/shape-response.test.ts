import { buildSchema, type GraphQLError, parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { FieldCollector } from '../../../../gateway/src/executor/collect-fields.js';
import {
  type DataObject,
  type DataReader,
  MergedData,
  OWN_FIELDS,
} from '../../../../gateway/src/executor/merge-data.js';
import { ResponseShaper } from '../../../../gateway/src/executor/shape-response.js';
import { normalizeOperation } from '../../../../gateway/src/planner/normalize-operation.js';

const schema = buildSchema(`
  type Query { product: Product products: [Product!] amounts: [Int] }
  type Product { id: ID! name: String! description: String price: Price tags: [String!]! }
  type Price { amount: Int! currency: String! }
`);
const collector = new FieldCollector(schema);

// Every case runs through both completions of objects: generated per field list, and generic.
describe.each([
  { path: 'generated completion', compiled: true, generateAfter: 0 },
  { path: 'generic completion', compiled: false, generateAfter: Number.POSITIVE_INFINITY },
])('ResponseShaper ($path)', ({ compiled, generateAfter }) => {
  /** Shapes `data` by the operation `query`, returning the response data and the errors recorded. */
  function shape(
    query: string,
    data: DataObject,
    variables: Record<string, unknown> = {},
    reader: DataReader = OWN_FIELDS,
  ) {
    const operation = normalizeOperation(parse(query), null, schema);
    const errors: GraphQLError[] = [];
    const shaper = new ResponseShaper(schema, collector, variables, errors, new Set(), reader, generateAfter);
    return { data: shaper.shape(operation.rootType, operation.selections, data), errors };
  }

  it('answers with the fetched object itself when it holds exactly the selected fields in order', () => {
    const price = { amount: 1200, currency: 'EUR' };
    const tags = ['new', 'sale'];
    const { data, errors } = shape('{ product { price { amount currency } tags } }', {
      product: { price, tags },
    });
    expect(errors).toEqual([]);
    const product = data?.product as DataObject;
    expect(product.price).toBe(price);
    expect(product.tags).toBe(tags);
  });

  it('never reads a missing field from the object prototype (fields named like its members)', () => {
    const named = buildSchema(`
      type Query { thing: Thing }
      type Thing { id: ID! constructor: String toString: String valueOf: Int hasOwnProperty: Boolean }
    `);
    const operation = normalizeOperation(
      parse('{ thing { id constructor toString valueOf hasOwnProperty } }'),
      null,
      named,
    );
    const errors: GraphQLError[] = [];
    const shaper = new ResponseShaper(
      named,
      new FieldCollector(named),
      {},
      errors,
      new Set(),
      OWN_FIELDS,
      generateAfter,
    );
    const data = shaper.shape(operation.rootType, operation.selections, { thing: { id: 't1' } });
    expect(data).toEqual({
      thing: { id: 't1', constructor: null, toString: null, valueOf: null, hasOwnProperty: null },
    });
    expect(errors).toEqual([]);
  });

  it('leaves out fields only the gateway fetched, in the order the client selected', () => {
    const fetched = { __typename: 'Product', name: 'Lamp', id: 'p1', weightGrams: 300 };
    const { data } = shape('{ product { id name } }', { product: fetched });
    expect(Object.keys(data?.product as DataObject)).toEqual(['id', 'name']);
    expect(data).toEqual({ product: { id: 'p1', name: 'Lamp' } });
    expect(fetched).toEqual({ __typename: 'Product', name: 'Lamp', id: 'p1', weightGrams: 300 });
  });

  it('copies an object from the first field whose value is invalid, keeping the fields around it', () => {
    const fetched = { id: 'p1', description: 42, name: 'Lamp' };
    const { data, errors } = shape('{ product { id description name } }', { product: fetched });
    expect(data).toEqual({ product: { id: 'p1', description: null, name: 'Lamp' } });
    expect(errors.map((error) => [error.message, error.path])).toEqual([
      ['Invalid value found for field Product.description.', ['product', 'description']],
    ]);
    expect(fetched).toEqual({ id: 'p1', description: 42, name: 'Lamp' });
    expect(shape('{ amounts }', { amounts: [1, 'two', 3] }).data).toEqual({ amounts: [1, null, 3] });
  });

  it('nulls a list holding a null non-null item and leaves the fetched list untouched', () => {
    const fetched = [{ id: 'p1' }, null, { id: 'p3' }];
    const { data, errors } = shape('{ products { id } }', { products: fetched });
    expect(data).toEqual({ products: null });
    expect(errors.map((error) => error.path)).toEqual([['products', 1]]);
    expect(fetched).toEqual([{ id: 'p1' }, null, { id: 'p3' }]);
  });

  it('accepts integral Int values and rejects fractions and values printed with an exponent', () => {
    const { data, errors } = shape('{ amounts }', { amounts: [0, -7, 2 ** 40, 1.5, 1e21, Number.NaN] });
    expect(data).toEqual({ amounts: [0, -7, 2 ** 40, null, null, null] });
    expect(errors.map((error) => error.path)).toEqual([
      ['amounts', 3],
      ['amounts', 4],
      ['amounts', 5],
    ]);
  });

  it('shapes the same selection differently per request when a condition changes', () => {
    const query = 'query ($withName: Boolean!) { product { id name @include(if: $withName) } }';
    const product = { id: 'p1', name: 'Lamp' };
    expect(shape(query, { product }, { withName: true }).data).toEqual({
      product: { id: 'p1', name: 'Lamp' },
    });
    expect(shape(query, { product }, { withName: false }).data).toEqual({ product: { id: 'p1' } });
    expect(shape(query, { product }, { withName: true }).data?.product).toBe(product);
  });

  it('propagates a null non-null leaf to the nearest nullable parent with one error', () => {
    const { data, errors } = shape('{ product { id name description } products { id } }', {
      product: { id: 'p1', name: null, description: 'Bright' },
      products: [{ id: 'p2' }],
    });
    expect(data).toEqual({ product: null, products: [{ id: 'p2' }] });
    expect(errors.map((error) => [error.message, error.path])).toEqual([
      ['Cannot return null for non-nullable field Product.name.', ['product', 'name']],
    ]);
  });

  it('propagates an invalid non-null leaf with its own error only, and keeps shaping the fields after it', () => {
    const { data, errors } = shape('{ product { name description price { amount } } }', {
      product: { name: 7, description: 3, price: { amount: 'ten' } },
    });
    expect(data).toEqual({ product: null });
    expect(errors.map((error) => [error.message, error.path])).toEqual([
      ['Invalid value found for field Product.name.', ['product', 'name']],
      ['Invalid value found for field Product.description.', ['product', 'description']],
      ['Invalid value found for field Price.amount.', ['product', 'price', 'amount']],
    ]);
  });

  it('reads what later fetches merged in before the fetched fields, never changing either', () => {
    const data = new MergedData(() => false);
    const product = { id: 'p1', name: 'Lamp' };
    data.merge(data.root, { product });
    data.merge(product, { price: { amount: 12, currency: 'EUR' }, name: 'Desk lamp' });
    const shaped = shape('{ product { id name price { amount currency } } }', data.root, {}, data);
    expect(shaped.data).toEqual({
      product: { id: 'p1', name: 'Desk lamp', price: { amount: 12, currency: 'EUR' } },
    });
    expect(shaped.data?.product).not.toBe(product);
    expect(product).toEqual({ id: 'p1', name: 'Lamp' });
  });

  it('answers aliases, __typename and a field selected twice in the order the client selected them', () => {
    const { data, errors } = shape(
      '{ product { kind: __typename title: name id ... on Product { title: name __typename } } }',
      // Subgraphs are asked with the client's aliases: the data holds `title`.
      { product: { __typename: 'Product', title: 'Lamp', id: 'p1' } },
    );
    expect(errors).toEqual([]);
    expect(JSON.stringify(data)).toBe(
      '{"product":{"kind":"Product","title":"Lamp","id":"p1","__typename":"Product"}}',
    );
  });

  it('keeps an alias named __proto__ as a field of the answer', () => {
    const product = JSON.parse('{"__proto__": "Lamp", "id": "p1", "extra": 1}');
    const { data } = shape('{ product { __proto__: name id } }', { product });
    expect(Object.getPrototypeOf(data?.product)).toBe(Object.prototype);
    expect(JSON.stringify(data)).toBe('{"product":{"__proto__":"Lamp","id":"p1"}}');
  });

  it('asks for code generated per field list on the generated path only', () => {
    const lasts = vi.spyOn(collector, 'lasts');
    try {
      shape('{ product { id } }', { product: { id: 'p1' } });
      expect(lasts.mock.calls.length > 0).toBe(compiled);
      if (compiled) expect(lasts.mock.results.every((result) => result.value === true)).toBe(true);
    } finally {
      lasts.mockRestore();
    }
  });
});

describe('ResponseShaper code generation', () => {
  it('generates a completion once a lasting field list has completed enough objects generically', () => {
    const operation = normalizeOperation(parse('{ products { id name } }'), null, schema);
    const products = Array.from({ length: 5 }, (_, index) => ({ name: `P${index}`, id: `p${index}` }));
    const shaper = new ResponseShaper(schema, collector, {}, [], new Set(), OWN_FIELDS, 2);
    const completeValue = vi.spyOn(shaper, 'completeValue');
    const data = shaper.shape(operation.rootType, operation.selections, { products });
    expect(data).toEqual({ products: products.map(({ id, name }) => ({ id, name })) });
    // The generic completion completes each leaf through completeValue, the generated one inline:
    // the first two products' `id` and `name` (each non-null: the wrapper and the leaf).
    const leaves = completeValue.mock.calls.filter(([, shape]) => shape.kind === 'leaf');
    expect(leaves.map(([value]) => value)).toEqual(['p0', 'P0', 'p1', 'P1']);

    // A shaper told never to generate code keeps to the generic completion, generated code or not.
    const generic = new ResponseShaper(
      schema,
      collector,
      {},
      [],
      new Set(),
      OWN_FIELDS,
      Number.POSITIVE_INFINITY,
    );
    const genericValue = vi.spyOn(generic, 'completeValue');
    generic.shape(operation.rootType, operation.selections, { products });
    expect(genericValue.mock.calls.filter(([, shape]) => shape.kind === 'leaf')).toHaveLength(10);
  });
});
