import { describe, expect, it } from 'vitest';
import { contextualFetches, literal } from '../../../../gateway/src/executor/context-arguments.js';
import { MergedData } from '../../../../gateway/src/executor/merge-data.js';
import type { FetchNode } from '../../../../gateway/src/planner/query-plan.js';
import { deepFreeze } from '../../../helpers/in-process-subgraph-client.js';

const fetch: FetchNode = {
  kind: 'Fetch',
  id: 2,
  serviceName: 'content',
  operationKind: 'query',
  operation:
    'query($representations:[_Any!]!){_entities(representations:$representations){...on Post{a:summary(locale:$hx_ctx_0) b:summary(locale:$hx_ctx_01)}}}',
  entitySelection: '{...on Post{a:summary(locale:$hx_ctx_0) b:summary(locale:$hx_ctx_01)}}',
  fields: { Post: ['a', 'b'] },
  variableUsages: [],
  contextArguments: [
    {
      variable: 'hx_ctx_0',
      ancestorPath: ['users', '@'],
      selection: [{ kind: 'Field', name: 'locale', dataKey: 'hx_locale' }],
      type: { kind: 'scalar' },
    },
    {
      variable: 'hx_ctx_01',
      ancestorPath: ['users', '@'],
      selection: [
        {
          kind: 'InlineFragment',
          typeCondition: 'Admin',
          selections: [{ kind: 'Field', name: 'tier', dataKey: 'tier' }],
        },
      ],
      type: { kind: 'enum' },
    },
  ],
};

describe('contextualFetches', () => {
  it('writes in each object’s values from its ancestor and shares a fetch between equal values', () => {
    const data = new MergedData(() => false);
    data.merge(
      data.root,
      deepFreeze({
        users: [
          { __typename: 'User', posts: [{ id: 'p1' }, { id: 'p2' }] },
          { __typename: 'Admin', posts: [{ id: 'p3' }] },
          { __typename: 'User', posts: [{ id: 'p4' }] },
        ],
      }),
    );
    // The values read come from a later fetch, merged beside the first one's objects.
    data.merge(
      data.root,
      deepFreeze({
        users: [{ hx_locale: 'de' }, { hx_locale: 'en "x"', tier: 'GOLD' }, { hx_locale: 'de' }],
      }),
    );

    const fetches = contextualFetches(fetch, data, ['users', '@', 'posts', '@']);

    expect(fetches.map((one) => one.entitySelection)).toEqual([
      '{...on Post{a:summary(locale:"de") b:summary(locale:null)}}',
      '{...on Post{a:summary(locale:"de") b:summary(locale:null)}}',
      '{...on Post{a:summary(locale:"en \\"x\\"") b:summary(locale:GOLD)}}',
      '{...on Post{a:summary(locale:"de") b:summary(locale:null)}}',
    ]);
    expect(fetches[0]).toBe(fetches[3]);
    expect(fetches[2]?.operation).toContain('b:summary(locale:GOLD)');
  });
});

describe('literal', () => {
  it('writes JSON values as literals of the input type', () => {
    expect(literal(['EUR', 'USD'], { kind: 'list', of: { kind: 'enum' } })).toBe('[EUR,USD]');
    expect(literal('EUR', { kind: 'list', of: { kind: 'enum' } })).toBe('EUR');
    expect(
      literal(
        { code: 'EUR', places: 2, extra: true },
        { kind: 'object', fields: { code: { kind: 'enum' }, places: { kind: 'scalar' } } },
      ),
    ).toBe('{code:EUR,places:2}');
    expect(literal({ any: [1, 'two', null] }, { kind: 'scalar' })).toBe('{any:[1,"two",null]}');
    expect(literal(undefined, { kind: 'scalar' })).toBe('null');
  });
});
