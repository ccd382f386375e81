import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type CollectedField, FieldCollector } from '../../../../gateway/src/executor/collect-fields.js';
import {
  compileObjectCompletion,
  type ObjectCompletion,
} from '../../../../gateway/src/executor/compiled-object.js';
import { normalizeOperation } from '../../../../gateway/src/planner/normalize-operation.js';
import { runModuleScript } from '../../../helpers/module-script.js';

const schema = buildSchema(`
  type Query { product: Product }
  type Product { id: ID! name: String description: String constructor: String price: Price }
  type Price { amount: Int! }
`);
const markers = { bubble: Symbol('bubble'), erroredNull: Symbol('errored'), untyped: Symbol('untyped') };

/** The collected fields of `product`'s selection in `query`. */
function productFields(query: string, variables: Record<string, unknown> = {}) {
  const operation = normalizeOperation(parse(query), null, schema);
  const collector = new FieldCollector(schema);
  const cache = new WeakMap();
  const [product] = collector.collect(operation.selections, 'Query', variables, cache);
  if (product?.kind !== 'value' || !product.selections) throw new Error('no product selection');
  const fields = collector.collect(product.selections, 'Product', variables, cache);
  return { collector, fields };
}

/** A completion that records what the generated code asks of it. */
function recordingCompletion(): ObjectCompletion & { calls: string[] } {
  const calls: string[] = [];
  const path: (string | number)[] = [];
  return {
    path,
    calls,
    completeValue: (value, _shape, field) => {
      calls.push(`complete ${path.join('.')} ${field.responseKey}`);
      return value;
    },
    nullInNonNull: (field) => calls.push(`null ${path.join('.')} ${field.coordinate}`),
    invalidLeaf: (field) => calls.push(`invalid ${path.join('.')} ${field.coordinate}`),
    unauthorized: (field) => calls.push(`unauthorized ${field.responseKey}`),
  } as ObjectCompletion & { calls: string[] };
}

describe('compileObjectCompletion', () => {
  it('returns the object itself when nothing changes, a new one in field order otherwise', () => {
    const { fields } = productFields('{ product { id name price { amount } } }');
    const complete = compileObjectCompletion(fields, markers);
    if (!complete) throw new Error('not compiled');
    const completion = recordingCompletion();
    const exact = { id: 'p1', name: 'Lamp', price: { amount: 3 } };
    expect(complete(completion, exact, undefined, 'Product', true)).toBe(exact);
    expect(completion.calls).toEqual(['complete price price']);

    const fetched = { name: 'Lamp', id: 'p1', extra: true };
    const added = { price: { amount: 4 }, name: 'Desk lamp' };
    const shaped = complete(recordingCompletion(), fetched, added, 'Product', true);
    expect(JSON.stringify(shaped)).toBe('{"id":"p1","name":"Desk lamp","price":{"amount":4}}');
  });

  it('reports a null non-null leaf and an invalid leaf at their paths, then bubbles', () => {
    const { fields } = productFields('{ product { id name } }');
    const complete = compileObjectCompletion(fields, markers);
    if (!complete) throw new Error('not compiled');
    const completion = recordingCompletion();
    completion.path.push('product');
    expect(complete(completion, { id: null, name: 4 }, undefined, 'Product', true)).toBe(markers.bubble);
    expect(completion.calls).toEqual(['null product.id Product.id', 'invalid product.name Product.name']);
    expect(completion.path).toEqual(['product']);
  });

  it('answers an object whose concrete type is unknown as untyped once __typename is reached', () => {
    const { fields } = productFields('{ product { id __typename name } }');
    const complete = compileObjectCompletion(fields, markers);
    expect(complete?.(recordingCompletion(), { id: 'p1' }, undefined, 'Node', false)).toBe(markers.untyped);
  });

  it('leaves keys Object.prototype has to the generic completion', () => {
    expect(compileObjectCompletion(productFields('{ product { __proto__: name } }').fields, markers)).toBe(
      undefined,
    );
    expect(compileObjectCompletion(productFields('{ product { id constructor } }').fields, markers)).toBe(
      undefined,
    );
    const aliased: CollectedField[] = productFields('{ product { id } }').fields.map((field) =>
      field.kind === 'value' ? { ...field, dataKey: 'toString' } : field,
    );
    expect(compileObjectCompletion(aliased, markers)).toBe(undefined);
  });

  it('compiles nothing where code generation from strings is disallowed', () => {
    const script = `
      const { compileObjectCompletion } = await import(${JSON.stringify(
        new URL('../../../../gateway/src/executor/compiled-object.ts', import.meta.url).pathname,
      )});
      const fields = [{ kind: 'typename', responseKey: '__typename' }];
      const markers = { bubble: Symbol(), erroredNull: Symbol(), untyped: Symbol() };
      process.stdout.write(typeof compileObjectCompletion(fields, markers));`;
    expect(runModuleScript(script)).toBe('function');
    expect(runModuleScript(script, ['--disallow-code-generation-from-strings'])).toBe('undefined');
  });
});

describe('FieldCollector.lasts', () => {
  it('tells the field lists kept for the operation from those collected for one request', () => {
    const { collector, fields } = productFields('{ product { id name } }');
    expect(collector.lasts(fields)).toBe(true);
    const conditional = productFields('query ($all: Boolean!) { product { id name @include(if: $all) } }', {
      all: true,
    });
    expect(conditional.collector.lasts(conditional.fields)).toBe(false);
  });
});
