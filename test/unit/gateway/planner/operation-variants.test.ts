import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type {
  NormalizedField,
  NormalizedOperation,
} from '../../../../gateway/src/planner/normalized-operation.js';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { type OperationVariant, QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { restrictOperation } from '../../../../gateway/src/security/authorization/restrict-operation.js';
import { planShape, subgraphOperationProblems } from '../../../helpers/plan-checks.js';
import { composeModel, withFederationLinks } from './compose-and-plan.js';

const subgraphs = {
  accounts: `
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String! email: String }`,
  reviews: `
    type User @key(fields: "id") { id: ID! reviews: [Review!]! }
    type Review { body: String! stars: Int }`,
};
const model = composeModel(subgraphs);

/** A variant without every field of one of the given names. */
function without(key: string, ...fieldNames: string[]): OperationVariant & { seen: NormalizedOperation[] } {
  const seen: NormalizedOperation[] = [];
  return {
    key,
    seen,
    restrict(operation) {
      seen.push(operation);
      const denied = new Set<NormalizedField>();
      const visit = (selections: NormalizedOperation['selections']) => {
        for (const selection of selections) {
          if (selection.kind === 'Field' && fieldNames.includes(selection.name)) denied.add(selection);
          if (selection.selections) visit(selection.selections);
        }
      };
      visit(operation.selections);
      return restrictOperation(operation, denied);
    },
  };
}

const QUERY = '{ me { name email reviews { body stars } } }';

describe('operation variants', () => {
  it('plan the restricted operation: a subgraph only denied fields need is not called', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 });
    const planned = planner.plan(parse(QUERY), null, 'hash', without('no-reviews', 'reviews', 'email'));
    expect(printQueryPlan(planned.plan)).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "accounts") {
          {
            me {
              name
            }
          }
        }
      }"
    `);
    expect(planShape(planned.plan)).toEqual({ requests: 1, waves: 1, serves: { 'Query.me': 'accounts' } });
    expect(subgraphOperationProblems(planned.plan, withFederationLinks(subgraphs))).toEqual([]);
  });

  it('keep denied fields, marked and without sub-selections, in the operation responses are shaped by', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 });
    const { operation } = planner.plan(parse(QUERY), null, 'hash', without('no-reviews', 'reviews'));
    const me = operation.selections[0] as NormalizedField;
    expect(
      me.selections?.map((field) => [
        (field as NormalizedField).name,
        field.kind === 'Field' && field.unauthorized === true,
        field.selections,
      ]),
    ).toEqual([
      ['name', false, undefined],
      ['email', false, undefined],
      ['reviews', true, undefined],
    ]);
  });

  it('ask for __typename where every sub-selection is denied', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 });
    const planned = planner.plan(parse('{ me { email } }'), null, 'hash', without('no-email', 'email'));
    expect(printQueryPlan(planned.plan)).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "accounts") {
          {
            me {
              __typename
            }
          }
        }
      }"
    `);
    expect(planShape(planned.plan)).toEqual({ requests: 1, waves: 1, serves: { 'Query.me': 'accounts' } });
    expect(subgraphOperationProblems(planned.plan, withFederationLinks(subgraphs))).toEqual([]);
  });

  it('are cached beside the operation, each under its own key, from the operation’s normal form', () => {
    let misses = 0;
    const planner = new QueryPlanner(new SupergraphIndex(model), {
      cacheSize: 10,
      onPlan: (info) => {
        if (!info.cacheHit) misses += 1;
      },
    });
    const document = parse(QUERY);
    const whole = planner.plan(document, null, 'hash');
    const first = without('no-reviews', 'reviews');
    const restricted = planner.plan(document, null, 'hash', first);
    expect(first.seen).toEqual([whole.operation]);
    expect(planner.plan(document, null, 'hash', without('no-reviews', 'reviews'))).toBe(restricted);
    expect(planner.plan(document, null, 'hash', without('no-email', 'email'))).not.toBe(restricted);
    expect(planner.plan(document, null, 'hash')).toBe(whole);
    expect(planner.cachedPlans).toBe(3);
    expect(misses).toBe(3);
  });
});
