import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PlanningBudgetExceeded } from '../../../../gateway/src/planner/planning-budget.js';
import { normalFormKey, QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { plannedSubgraphRequests } from '../../../../gateway/src/security/subgraph-request-limit.js';
import { composeModel } from './compose-and-plan.js';

const model = composeModel({
  catalog: `
    type Query { product(id: ID!): Product }
    type Product @key(fields: "id") { id: ID! name: String! weight: Int! }`,
  shipping: `
    type Product @key(fields: "id") { id: ID! weight: Int! @external postage: Int! @requires(fields: "weight") }`,
});

const TEXT =
  'query Q { product(id: "1") { ...A ...B } } fragment A on Product { name } fragment B on Product { postage }';

/** An operation of `depth` nested fragments, each spread under `@include` and `@skip` of its own variable. */
function nestedAlternatives(depth: number): string {
  const variables = Array.from({ length: depth }, (_, i) => `$w${i}: Boolean!`).join(' ');
  let fragments = '';
  for (let i = 0; i < depth; i += 1) {
    const inner =
      i + 1 < depth
        ? `...G${i + 1} @include(if: $w${i + 1}) ...G${i + 1} @skip(if: $w${i + 1})`
        : 'name postage';
    fragments += ` fragment G${i} on Product { ${inner} }`;
  }
  return `query Q(${variables}) { product(id: "1") { ...G0 @include(if: $w0) ...G0 @skip(if: $w0) } }${fragments}`;
}

describe('the plan cache', () => {
  it('keys plans by the normal form: whitespace, comments and fragment order do not matter', () => {
    const variants = [
      TEXT,
      `${TEXT} `,
      `# a comment\n${TEXT.replaceAll(' ', '\n  ')}`,
      'query Q { product(id: "1") { ...A ...B } } fragment B on Product { postage } fragment A on Product { name }',
    ];

    expect(new Set(variants.map((text) => normalFormKey(parse(text)))).size).toBe(1);
    const hits: boolean[] = [];
    const planner = new QueryPlanner(new SupergraphIndex(model), {
      cacheSize: 10,
      onPlan: ({ cacheHit }) => hits.push(cacheHit),
    });
    for (const [i, text] of variants.entries()) planner.plan(parse(text), 'Q', `hash-${i}`);
    expect(hits).toEqual([false, true, true, true]);
    expect(planner.cachedPlans).toBe(1);
  });

  it('tells apart documents that differ in what they ask', () => {
    expect(normalFormKey(parse('{ product(id: "1") { name } }'))).not.toBe(
      normalFormKey(parse('{ product(id: "2") { name } }')),
    );
  });
});

describe('conditions and the planning budget', () => {
  it('keeps the plan small however many alternatives nested @include/@skip make', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 });

    const planned = planner.plan(parse(nestedAlternatives(8)), 'Q');

    expect(plannedSubgraphRequests(planned.plan)).toBe(2);
  });

  it('refuses an operation that needs more planner steps than the budget, with PLANNING_BUDGET_EXCEEDED', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10, maxPlanningSteps: 100 });

    const refused = (() => {
      try {
        planner.plan(parse(nestedAlternatives(8)), 'Q');
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(refused).toBeInstanceOf(PlanningBudgetExceeded);
    expect((refused as PlanningBudgetExceeded).toGraphQLError().extensions).toMatchObject({
      code: 'PLANNING_BUDGET_EXCEEDED',
      limit: 100,
    });
    expect(planner.plan(parse(TEXT), 'Q').plan.node).toBeDefined();
  });
});
