import { describe, expect, it } from 'vitest';
import type { FetchNode, QueryPlan } from '../../../../gateway/src/planner/query-plan.js';
import { planShape, subgraphOperationProblems } from '../../../helpers/plan-checks.js';
import { withFederationLinks } from './compose-and-plan.js';

// The checks the planner tests lean on, on plans written by hand.
const fetch = (serviceName: string, operation: string): FetchNode => ({
  kind: 'Fetch',
  id: 0,
  serviceName,
  operationKind: 'query',
  operation,
  fields: {},
  variableUsages: [],
});
const entities = (serviceName: string, selection: string) =>
  fetch(
    serviceName,
    `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`,
  );

const sdls = withFederationLinks({
  a: 'type Query { things: [Thing!]! } type Thing @key(fields: "id") { id: ID! name: String! }',
  b: 'type Thing @key(fields: "id") { id: ID! size: Int! }',
});

describe('plan checks', () => {
  it('count a Batch as one request, Sequence steps as waves, and both branches of a Condition at most once', () => {
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          { kind: 'Parallel', nodes: [fetch('a', '{ things { id } }'), fetch('b', '{ __typename }')] },
          {
            kind: 'Batch',
            serviceName: 'b',
            nodes: [
              { kind: 'Flatten', path: ['things', '@'], node: entities('b', '... on Thing { size }') },
              { kind: 'Flatten', path: ['things', '@'], node: entities('b', '... on Thing { size }') },
            ],
          },
          {
            kind: 'Condition',
            condition: 'more',
            ifClause: {
              kind: 'Flatten',
              path: ['things', '@'],
              node: entities('a', '... on Thing { name }'),
            },
          },
        ],
      },
    };

    expect(planShape(plan)).toEqual({
      requests: 4,
      waves: 3,
      serves: { 'Query.things': 'a', 'Thing.name': 'a', 'Thing.size': 'b' },
    });
  });

  it("find a subgraph operation its subgraph's own schema refuses", () => {
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          fetch('a', '{ things { id } }'),
          { kind: 'Flatten', path: ['things', '@'], node: entities('b', '... on Thing { name }') },
        ],
      },
    };

    const problems = subgraphOperationProblems(plan, sdls);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^b: Cannot query field "name" on type "Thing"/);
  });
});
