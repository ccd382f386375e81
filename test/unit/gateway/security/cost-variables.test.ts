import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  argumentWeightsReadVariables,
  estimateReadsVariables,
} from '../../../../gateway/src/security/cost-variables.js';
import { models } from './variable-cost-fixture.js';

const estimateReads = (query: string, model = models.plain()) => estimateReadsVariables(parse(query), model);
const weightsRead = (query: string, model = models.plain()) =>
  argumentWeightsReadVariables(parse(query), model);

describe('estimateReadsVariables', () => {
  it('is false for operations whose cost no variable can change', () => {
    expect(estimateReads('{ products(first: 5) { id } }')).toBe(false);
    expect(
      estimateReads('query($id: ID!, $a: String) { product(id: $id) { id } products(after: $a) { id } }'),
    ).toBe(false);
    expect(estimateReads('query($x: Boolean!) { products(first: 5) @include(if: $x) { id } }')).toBe(false);
  });

  it('is true for a variable sizing a list, in the operation or in a fragment', () => {
    expect(estimateReads('query($n: Int) { products(first: $n) { id } }')).toBe(true);
    expect(
      estimateReads(
        'query($n: Int) { product(id: 1) { ...F } } fragment F on Product { related(first: $n) { id } }',
      ),
    ).toBe(true);
  });

  it('is true for a variable given to a @listSize slicing argument, false where it is no size', () => {
    const query = 'query($c: Int) { films(count: $c) { id } }';
    expect(estimateReads(query, models.sliced())).toBe(true);
    expect(estimateReads(query, models.plain())).toBe(false);
  });

  it('is true for a variable anywhere in a field argument when the model weighs arguments', () => {
    expect(
      estimateReads('query($f: Boolean) { search(filter: { fuzzy: $f }) { id } }', models.weighed()),
    ).toBe(true);
    expect(estimateReads('query($id: ID!) { product(id: $id) { id } }', models.weighed())).toBe(true);
    expect(estimateReads('{ search(filter: { fuzzy: true }) { id } }', models.weighed())).toBe(false);
  });
});

describe('argumentWeightsReadVariables', () => {
  it('is false unless the model weighs arguments', () => {
    expect(weightsRead('query($n: Int) { products(first: $n) { id } }')).toBe(false);
    expect(weightsRead('query($f: Filter) { search(filter: $f) { id } }')).toBe(false);
  });

  it('is true for a variable in a field argument, however deep in its value, when it does', () => {
    expect(weightsRead('query($f: Filter) { search(filter: $f) { id } }', models.weighed())).toBe(true);
    expect(weightsRead('query($t: String) { search(filter: { text: $t }) { id } }', models.weighed())).toBe(
      true,
    );
    expect(weightsRead('{ search(filter: { text: "a" }) { id } }', models.weighed())).toBe(false);
  });
});
