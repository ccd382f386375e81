import { parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { defaultOperationLimits } from '../../../../gateway/src/config/security-config.js';
import type { CostModel } from '../../../../gateway/src/security/cost-model.js';
import { OperationAssessments } from '../../../../gateway/src/security/operation-assessments.js';
import {
  assessOperation,
  type OperationAssessment,
} from '../../../../gateway/src/security/operation-limits.js';
import { models } from './variable-cost-fixture.js';

const limits = { ...defaultOperationLimits, maxCost: 1_000 };

function assessor(model: CostModel = models.plain()) {
  const assessments = new OperationAssessments(limits);
  const assess = (
    document: ReturnType<typeof parse>,
    variables?: Record<string, unknown>,
    operationName?: string,
  ) => assessments.assess({ document, operationName, variables, costModel: model });
  return { assess, model };
}

/** What a client can tell of an assessment: the refusal's message and extensions, and the estimate. */
const outcome = (assessment: OperationAssessment) => ({
  estimatedCost: assessment.estimatedCost,
  refusal: assessment.refusal && { message: assessment.refusal.message, ...assessment.refusal.extensions },
});

describe('OperationAssessments', () => {
  it('remembers the acceptance of a document per operation name, without measuring it again', () => {
    const { assess, model } = assessor();
    const document = parse('query A { products(first: 5) { id } } query B { products(first: 50) { id } }');
    const first = assess(document, undefined, 'A');
    const weights = vi.spyOn(model, 'fieldWeight');
    expect(assess(document, undefined, 'A')).toBe(first);
    expect(weights).not.toHaveBeenCalled();
    expect(assess(document, undefined, 'B')).toEqual({ estimatedCost: 50 * 2 });
    expect(weights).toHaveBeenCalled();
    expect(first).toEqual({ estimatedCost: 5 * 2 });
  });

  it('assesses the same text parsed again, and each cost model, apart', () => {
    const { assess, model } = assessor();
    const text = '{ products(first: 5) { id } }';
    assess(parse(text));
    const weights = vi.spyOn(model, 'fieldWeight');
    assess(parse(text));
    expect(weights).toHaveBeenCalled();
    const document = parse(text);
    const assessments = new OperationAssessments(limits);
    const light = assessments.assess({ document, costModel: models.plain() });
    const heavy = assessments.assess({ document, costModel: models.weighed() });
    expect(light).not.toBe(heavy);
  });

  it('shares the acceptance of an operation whose variables no cost reads', () => {
    const { assess, model } = assessor();
    const document = parse('query($id: ID!, $x: Boolean!) { product(id: $id) @include(if: $x) { id name } }');
    const first = assess(document, { id: '1', x: true });
    const weights = vi.spyOn(model, 'fieldWeight');
    expect(assess(document, { id: '2', x: false })).toBe(first);
    expect(weights).not.toHaveBeenCalled();
  });

  it("prices each request's list sizes from its own variables on the same document", () => {
    const { assess } = assessor();
    const document = parse('query($n: Int = 4) { products(first: $n) { id } }');
    expect(assess(document, { n: 5 })).toEqual({ estimatedCost: 5 * 2 });
    expect(assess(document, { n: 50 })).toEqual({ estimatedCost: 50 * 2 });
    expect(assess(document, {})).toEqual({ estimatedCost: 4 * 2 });
    expect(assess(document, { n: 1_000 }).refusal?.extensions.code).toBe('OPERATION_TOO_COSTLY');
    expect(assess(document, { n: 5 })).toEqual({ estimatedCost: 5 * 2 });
  });

  it('reads @listSize slicing arguments and weighed arguments from each request', () => {
    const sliced = assessor(models.sliced());
    const films = parse('query($c: Int) { films(count: $c) { id } }');
    expect(sliced.assess(films, { c: 2 })).toEqual({ estimatedCost: 2 * 2 });
    expect(sliced.assess(films, { c: 3 })).toEqual({ estimatedCost: 3 * 2 });
    const weighed = assessor(models.weighed());
    const search = parse('query($f: Boolean) { search(filter: { fuzzy: $f }) { id } }');
    expect(weighed.assess(search, {})).toEqual({ estimatedCost: 10 * 2 + 15 });
    expect(weighed.assess(search, { f: true })).toEqual({ estimatedCost: 10 * 2 + 15 + 12 });
  });

  it('never reuses a refusal: each is worked out again, with an error of its own', () => {
    const { assess } = assessor();
    const document = parse('{ products(first: 100) { related { id } } }');
    const first = assess(document);
    expect(first.refusal?.extensions.code).toBe('OPERATION_TOO_COSTLY');
    first.refusal!.extensions.http = { status: 400 };
    const second = assess(document);
    expect(second.refusal).not.toBe(first.refusal);
    expect(second.refusal?.extensions.http).toBeUndefined();
    expect(outcome(second)).toEqual({
      ...outcome(first),
      refusal: { ...outcome(first).refusal, http: undefined },
    });
  });

  it('agrees with assessOperation on every request, whatever came before', () => {
    const queries: [string, () => CostModel][] = [
      ['query($n: Int) { products(first: $n) { id related(first: $n) { id } } }', models.plain],
      [
        'query($n: Int) { product(id: 1) { ...F } } fragment F on Product { related(first: $n) { id } }',
        models.plain,
      ],
      ['query($c: Int, $a: String) { films(count: $c, after: $a) { id } }', models.sliced],
      ['query($c: Int, $a: String) { films(count: $c, after: $a) { id } }', models.plain],
      ['query($f: Filter) { search(filter: $f) { id } }', models.weighed],
      ['query($t: String, $f: Boolean) { search(filter: { text: $t, fuzzy: $f }) { id } }', models.weighed],
      ['query($id: ID!) { product(id: $id) { related(first: 3) { id } } }', models.weighed],
    ];
    const variableSets = [
      {},
      { n: 1, c: 1, a: 'x', id: '1', t: 'a' },
      { n: 30, c: 40, f: { fuzzy: true }, id: '2' },
      { n: null, c: null, f: true, t: null },
      { n: 400, c: 400, f: { text: 'a' } },
    ];
    for (const [query, modelOf] of queries) {
      const model = modelOf();
      const document = parse(query);
      const assessments = new OperationAssessments(limits);
      for (const variables of [...variableSets, ...variableSets.slice().reverse()]) {
        const remembered = assessments.assess({ document, variables, costModel: model });
        const fresh = assessOperation({ document, variables, costModel: model }, limits);
        expect(outcome(remembered), `${query} ${JSON.stringify(variables)}`).toEqual(outcome(fresh));
      }
    }
  });
});
