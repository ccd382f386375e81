import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  incrementalDeliveryRules,
  withDeferDirective,
} from '../../../../gateway/src/supergraph/defer-directive.js';

const schema = withDeferDirective(
  buildSchema(`
    type Query { product: Product }
    type Mutation { rename(name: String!): Product }
    type Subscription { changed: Product }
    type Product { id: ID! name: String! }
  `),
);

const problems = (operation: string) =>
  validate(schema, parse(operation), [...specifiedRules, ...incrementalDeliveryRules()]).map(
    (error) => error.message,
  );

describe('@defer in the API schema', () => {
  it('is declared as the incremental delivery RFC declares it', () => {
    const defer = schema.getDirective('defer');

    expect(defer?.locations).toEqual(['FRAGMENT_SPREAD', 'INLINE_FRAGMENT']);
    expect(defer?.args.map((arg) => [arg.name, String(arg.type), arg.defaultValue])).toEqual([
      ['label', 'String', undefined],
      ['if', 'Boolean!', true],
    ]);
    expect(withDeferDirective(schema)).toBe(schema);
  });

  it('accepts @defer on fragments of queries, and below the root fields of a mutation', () => {
    expect(problems('{ product { id ... @defer(label: "a") { name } } }')).toEqual([]);
    expect(problems('query($d: Boolean!) { ... @defer(if: $d) { product { id } } }')).toEqual([]);
    expect(problems('mutation { rename(name: "x") { id ... @defer { name } } }')).toEqual([]);
  });

  it('refuses @defer on a mutation root field, directly or through a fragment spread', () => {
    const message = 'Defer directive cannot be used on root mutation type "Mutation".';
    expect(problems('mutation { ... @defer { rename(name: "x") { id } } }')).toEqual([message]);
    expect(
      problems('mutation { ...Root @defer } fragment Root on Mutation { rename(name: "x") { id } }'),
    ).toEqual([message]);
    expect(problems('mutation { ... @defer(if: false) { rename(name: "x") { id } } }')).toEqual([]);
  });

  it('refuses @defer anywhere in a subscription unless turned off', () => {
    expect(problems('subscription { changed { id ... @defer { name } } }')).toEqual([
      'Defer directive not supported on subscription operations. Disable `@defer` by setting the `if` argument to `false`.',
    ]);
    expect(problems('subscription { changed { id ... @defer(if: false) { name } } }')).toEqual([]);
  });

  it('wants labels static and unique', () => {
    expect(problems('query($l: String) { product { ... @defer(label: $l) { id } } }')).toEqual([
      'Defer directive label argument must be a static string.',
    ]);
    expect(problems('{ product { ... @defer(label: "a") { id } ... @defer(label: "a") { name } } }')).toEqual(
      ['Defer directive label argument must be unique: "a" is used twice.'],
    );
  });

  it('refuses @stream, saying lists are returned whole', () => {
    expect(problems('{ product { id @stream } }')).toContain(
      'The @stream directive is not supported: this gateway returns lists whole. Use @defer on a fragment to deliver part of a response later.',
    );
  });
});
