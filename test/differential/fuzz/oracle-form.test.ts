import { buildSchema, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { randomOperations } from '../../helpers/random-operations.js';
import { answerFromOracleForm, oracleForm } from './oracle-form.js';

const schema = buildSchema(`
  type Query { item: Item, items: [Item], node: Node }
  interface Node { id: ID! }
  type Item implements Node { id: ID! name: String, next: Item }
  type Other implements Node { id: ID! }
`);

describe('oracle form', () => {
  it('decides conditions, inlines fragments that always apply and renames every response key', () => {
    const form = oracleForm(
      {
        query: `query ($s: Boolean!) { item { name @skip(if: $s) ...Parts label: name } }
          fragment Parts on Node { id }`,
        variables: { s: true },
      },
      schema,
    );
    expect(print(parse(form.query))).toBe(
      print(parse('{ zz_item: item { zztype: __typename zz_id: id zz_label: name } }')),
    );
    expect(form.variables).toEqual({});
  });

  it('keeps fragments on possible types of an abstract field and drops those that never apply', () => {
    const form = oracleForm(
      { query: '{ node { ... on Item { name } } item { ... on Other { id } } }' },
      schema,
    );
    expect(print(parse(form.query))).toBe(
      print(
        parse(
          '{ zz_node: node { zztype: __typename ... on Item { zz_name: name } } zz_item: item { zztype: __typename } }',
        ),
      ),
    );
  });

  it('maps the answer back to the original keys in CollectFields order', () => {
    const request = { query: '{ item { ... on Item { id } name ... on Item { next { name } } } }' };
    const answer = answerFromOracleForm(request, schema, {
      status: 200,
      body: {
        // The oracle merged the two fragments and answered `name` last.
        data: {
          zz_item: { zztype: 'Item', zz_id: '1', zz_next: { zztype: 'Item', zz_name: 'b' }, zz_name: 'a' },
        },
        errors: [{ message: 'x', path: ['zz_item', 'zz_next', 'zz_name'] }],
      },
    });
    expect(JSON.stringify(answer.body.data)).toBe(
      JSON.stringify({ item: { id: '1', name: 'a', next: { name: 'b' } } }),
    );
    expect(answer.body.errors?.[0]?.path).toEqual(['item', 'next', 'name']);
  });
});

describe('random operations', () => {
  it('are valid and the same for the same seed', () => {
    const first = randomOperations(schema, 42, 30);
    expect(randomOperations(schema, 42, 30)).toEqual(first);
    for (const { query } of first) expect(validate(schema, parse(query))).toEqual([]);
    expect(new Set(first.map(({ query }) => query)).size).toBeGreaterThan(20);
  });
});
