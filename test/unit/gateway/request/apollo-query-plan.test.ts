import { describe, expect, it } from 'vitest';
import type { FetchNode, FlattenNode, QueryPlan } from '../../../../gateway/src/planner/query-plan.js';
import { toApolloQueryPlan } from '../../../../gateway/src/request/apollo-query-plan.js';

function entityFetch(id: number, serviceName: string, overrides: Partial<FetchNode> = {}): FetchNode {
  return {
    kind: 'Fetch',
    id,
    serviceName,
    operationKind: 'query',
    operation: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { f${id} } } }`,
    fields: { Product: [`f${id}`] },
    variableUsages: [],
    requires: [
      {
        kind: 'InlineFragment',
        typeCondition: 'Product',
        selections: [
          { kind: 'Field', name: '__typename', dataKey: '__typename' },
          { kind: 'Field', name: 'id', dataKey: '__key_id' },
        ],
      },
    ],
    ...overrides,
  };
}

const flatten = (path: string[], node: FetchNode): FlattenNode => ({ kind: 'Flatten', path, node });

const rootFetch: FetchNode = {
  kind: 'Fetch',
  id: 0,
  serviceName: 'products',
  operationKind: 'query',
  operation: 'query Shop__products__0 { products { __typename id } }',
  operationName: 'Shop__products__0',
  fields: { Query: ['products'] },
  variableUsages: [],
};

describe('toApolloQueryPlan', () => {
  it("writes fetches with Apollo Router's fields, and a batch as a Parallel of its Flattens", () => {
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          rootFetch,
          {
            kind: 'Batch',
            serviceName: 'reviews',
            nodes: [
              flatten(['products', '@'], entityFetch(1, 'reviews')),
              flatten(['top'], entityFetch(2, 'reviews')),
            ],
          },
        ],
      },
    };

    expect(toApolloQueryPlan(plan)).toEqual({
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          {
            kind: 'Fetch',
            serviceName: 'products',
            variableUsages: [],
            operation: 'query Shop__products__0 { products { __typename id } }',
            operationName: 'Shop__products__0',
            operationKind: 'query',
            id: '0',
            inputRewrites: null,
            outputRewrites: null,
            contextRewrites: null,
          },
          {
            kind: 'Parallel',
            nodes: [
              {
                kind: 'Flatten',
                path: ['products', '@'],
                node: expect.objectContaining({
                  kind: 'Fetch',
                  serviceName: 'reviews',
                  id: '1',
                  operationName: null,
                  requires: [
                    {
                      kind: 'InlineFragment',
                      typeCondition: 'Product',
                      selections: [
                        { kind: 'Field', name: '__typename' },
                        { kind: 'Field', name: 'id' },
                      ],
                    },
                  ],
                }),
              },
              { kind: 'Flatten', path: ['top'], node: expect.objectContaining({ id: '2' }) },
            ],
          },
        ],
      },
    });
  });

  it('writes a batch of one fetch as that Flatten alone', () => {
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: { kind: 'Batch', serviceName: 'reviews', nodes: [flatten(['top'], entityFetch(1, 'reviews'))] },
    };
    expect(toApolloQueryPlan(plan).node).toMatchObject({ kind: 'Flatten', path: ['top'] });
  });

  it('writes a type filter onto the path segment it filters, as Apollo does', () => {
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: flatten(['search', '@', '|[Book,Movie]', 'related', '@'], entityFetch(1, 'media')),
    };
    expect(toApolloQueryPlan(plan).node).toMatchObject({
      path: ['search', '@|[Book,Movie]', 'related', '@'],
    });
  });

  it('writes the __typename an @interfaceObject subgraph expects as an input rewrite', () => {
    const fetch = entityFetch(1, 'inventory', {
      requires: [
        {
          kind: 'InlineFragment',
          typeCondition: 'Book',
          typename: 'Media',
          selections: [{ kind: 'Field', name: 'id', dataKey: 'id' }],
        },
      ],
    });
    expect(toApolloQueryPlan({ kind: 'QueryPlan', node: flatten(['media', '@'], fetch) }).node).toMatchObject(
      {
        node: {
          inputRewrites: [{ kind: 'ValueSetter', path: ['... on Book', '__typename'], setValueTo: 'Media' }],
        },
      },
    );
  });

  it('keeps Condition nodes, and turns a fetch sent when "!$a || $b" into nested Conditions', () => {
    const guardedFetch = entityFetch(1, 'reviews', {
      includedWhen: [[{ variable: 'a', include: false }], [{ variable: 'b', include: true }]],
    });
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Sequence',
        nodes: [
          { kind: 'Condition', condition: 'c', elseClause: rootFetch },
          flatten(['products', '@'], guardedFetch),
        ],
      },
    };
    const leaf = { kind: 'Flatten', path: ['products', '@'], node: expect.objectContaining({ id: '1' }) };

    expect(toApolloQueryPlan(plan).node).toEqual({
      kind: 'Sequence',
      nodes: [
        {
          kind: 'Condition',
          condition: 'c',
          elseClause: expect.objectContaining({ kind: 'Fetch', id: '0' }),
        },
        {
          kind: 'Condition',
          condition: 'a',
          ifClause: { kind: 'Condition', condition: 'b', ifClause: leaf },
          elseClause: leaf,
        },
      ],
    });
  });

  it('writes a plan without fetches as a QueryPlan without a node', () => {
    expect(toApolloQueryPlan({ kind: 'QueryPlan' })).toEqual({ kind: 'QueryPlan' });
  });
});
