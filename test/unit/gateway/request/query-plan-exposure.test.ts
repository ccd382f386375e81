import { describe, expect, it } from 'vitest';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import type { QueryPlan } from '../../../../gateway/src/planner/query-plan.js';
import { planAskFrom, planExtensions } from '../../../../gateway/src/request/query-plan-exposure.js';

const plan: QueryPlan = {
  kind: 'QueryPlan',
  node: {
    kind: 'Fetch',
    id: 0,
    serviceName: 'products',
    operationKind: 'query',
    operation: '{ products { id } }',
    fields: { Query: ['products'] },
    variableUsages: [],
  },
};

describe('planAskFrom', () => {
  it("reads Apollo Router's header only for the exact values true and dry-run", () => {
    expect(planAskFrom({ 'apollo-expose-query-plan': 'true' }, 'on-request')).toEqual({ expose: 'true' });
    expect(planAskFrom({ 'apollo-expose-query-plan': 'dry-run' }, 'on-request')).toEqual({
      expose: 'dry-run',
    });
    expect(planAskFrom({ 'apollo-expose-query-plan': 'TRUE' }, 'on-request')).toEqual({});
    expect(planAskFrom({ 'apollo-expose-query-plan': 'yes' }, 'on-request')).toEqual({});
  });

  it("reads @apollo/gateway's header for any value, with its format (prettified unless said)", () => {
    expect(planAskFrom({ 'apollo-query-plan-experimental': '1' }, 'on-request')).toEqual({
      experimental: 'prettified',
    });
    expect(
      planAskFrom(
        { 'apollo-query-plan-experimental': 'true', 'apollo-query-plan-experimental-format': 'internal' },
        'on-request',
      ),
    ).toEqual({ experimental: 'internal' });
    expect(planAskFrom({ 'apollo-query-plan-experimental': '' }, 'on-request')).toEqual({});
  });

  it('reads nothing when plans are never exposed', () => {
    expect(
      planAskFrom({ 'apollo-expose-query-plan': 'dry-run', 'apollo-query-plan-experimental': '1' }, 'never'),
    ).toEqual({});
  });
});

describe('planExtensions', () => {
  it("gives Apollo Router's object and text, and @apollo/gateway's text, object or true", () => {
    const text = printQueryPlan(plan);
    expect(text).toMatch(/^QueryPlan \{\n {2}Fetch\(service: "products"\)/);
    expect(planExtensions(plan, { expose: 'true', experimental: 'prettified' }, 'on-request')).toEqual({
      apolloQueryPlan: {
        object: {
          kind: 'QueryPlan',
          node: expect.objectContaining({ kind: 'Fetch', serviceName: 'products' }),
        },
        text,
      },
      __queryPlanExperimental: text,
    });
    expect(planExtensions(plan, { experimental: 'internal' }, 'on-request')).toEqual({
      __queryPlanExperimental: plan,
    });
    expect(planExtensions(plan, { experimental: 'yaml' }, 'on-request')).toEqual({
      __queryPlanExperimental: true,
    });
  });

  it('answers true for the text of a plan without fetches, as @apollo/gateway does', () => {
    expect(planExtensions({ kind: 'QueryPlan' }, { experimental: 'prettified' }, 'on-request')).toEqual({
      __queryPlanExperimental: true,
    });
  });

  it('adds the plan to every response when always exposed, and nothing unasked otherwise', () => {
    expect(planExtensions(plan, {}, 'always')).toEqual({
      queryPlan: plan,
      queryPlanText: expect.stringContaining('Fetch(service: "products")'),
    });
    expect(planExtensions(plan, {}, 'on-request')).toBeUndefined();
    expect(planExtensions(plan, { expose: 'true' }, 'never')).toBeUndefined();
  });
});
