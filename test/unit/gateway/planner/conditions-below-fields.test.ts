import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

// A condition on a field or fragment also governs what other fetches resolve below it.
describe('conditions below a conditional field or fragment', () => {
  const products = planner({
    product: `
      type Query { products: [Product!]! }
      type Product @key(fields: "id") { id: ID! name: String! }`,
    reviews: `
      type Product @key(fields: "id") { id: ID! reviews: [Review!]! }
      type Review { body: String! }`,
  });

  it('fetches entity fields of an excluded occurrence of a merged field only under its condition', () => {
    const printed = products(
      'query Q($r: Boolean!) { products @include(if: $r) { reviews { body } } products { name } }',
      'Q',
    );
    expect(printed).toMatch(
      /Include\(if: \$r\) \{\s+Flatten\(path: "products\.@"\) \{\s+Fetch\(service: "reviews"\)/,
    );
  });

  it('hoists nested condition-only fragments onto the plan one level after another', () => {
    const printed = products(
      'query Q($a: Boolean!, $b: Boolean!) { products { name ... @skip(if: $a) { ... @include(if: $b) { reviews { body } } } } }',
      'Q',
    );
    expect(printed).toMatch(/Skip\(if: \$a\) \{\s+Include\(if: \$b\) \{\s+Flatten\(path: "products\.@"\)/);
  });

  const users = planner({
    accounts: `
      type Query { users: [User!]! }
      type User @key(fields: "id") { id: ID! }`,
    identity: `
      type User @key(fields: "id") @key(fields: "accountNumber") { id: ID! accountNumber: String! }`,
    billing: `
      type User @key(fields: "accountNumber") { accountNumber: String! balance: Int! }`,
  });

  it('sends no intermediate key fetch for a fragment the client excluded', () => {
    const printed = users(
      'query Q($b: Boolean!) { users { id ...Money @include(if: $b) } } fragment Money on User { balance }',
      'Q',
    );
    expect(printed).toMatch(
      /Include\(if: \$b\) \{\s+Flatten\(path: "users\.@"\) \{\s+Fetch\(service: "identity"\)/,
    );
    expect(printed).toMatch(
      /Include\(if: \$b\) \{\s+Flatten\(path: "users\.@"\) \{\s+Fetch\(service: "billing"\)/,
    );
  });

  it('sends no intermediate key fetch for a field the client excluded', () => {
    const printed = users('query Q($s: Boolean!) { users { id balance @skip(if: $s) } }', 'Q');
    expect(printed).toMatch(
      /Skip\(if: \$s\) \{\s+Flatten\(path: "users\.@"\) \{\s+Fetch\(service: "identity"\)/,
    );
    expect(printed).toMatch(
      /Skip\(if: \$s\) \{\s+Flatten\(path: "users\.@"\) \{\s+Fetch\(service: "billing"\)/,
    );
  });

  it('sends an entity fetch whose fields have different conditions only when one of them holds', () => {
    const printed = products(
      'query Q($a: Boolean!, $b: Boolean!) { products { name reviews @skip(if: $a) { body } again: reviews @include(if: $b) { body } } }',
      'Q',
    );
    expect(printed).toContain('Fetch(service: "reviews", includedWhen: "!$a || $b")');
  });

  const parcels = planner({
    warehouse: `
      type Query { parcels: [Parcel!]! }
      type Parcel @key(fields: "id") { id: ID! weight: Int! depth: Int! }`,
    shipping: `
      type Parcel @key(fields: "id") {
        id: ID!
        weight: Int! @external
        depth: Int! @external
        postage: Int! @requires(fields: "weight")
        handling: String! @requires(fields: "depth")
      }`,
  });

  it('gives a conditional field with requirements its own entity fetch', () => {
    const printed = parcels(
      'query Q($h: Boolean!) { parcels { postage } parcels @include(if: $h) { handling } }',
      'Q',
    );
    const shippingFetches = printed.match(/Fetch\(service: "shipping"\)/g) ?? [];
    expect(shippingFetches).toHaveLength(2);
    // The unconditional fetch's representations ask for weight only, never for the conditional depth.
    expect(printed).toMatch(/\{\s+\.\.\. on Parcel \{\s+__typename\s+id\s+weight\s+\}\s+\} =>/);
  });

  it('sends fields with requirements under different fragment conditions in one entity fetch, each under its own', () => {
    const spreads = Array.from({ length: 50 }, (_, i) => `...P @include(if: $v${i})`).join(' ');
    const variables = Array.from({ length: 50 }, (_, i) => `$v${i}: Boolean!`).join(', ');
    const printed = parcels(
      `query Q(${variables}) { parcels { ${spreads} } } fragment P on Parcel { postage handling }`,
      'Q',
    );

    expect(printed.match(/Fetch\(service: "shipping"/g)).toHaveLength(1);
    expect(printed).toContain('includedWhen: "$v0 || $v1 ||');
    expect(printed).toMatch(/\.\.\. @include\(if: \$v49\) \{\s+postage\s+handling\s+\}/);
    // The requirements are fetched whatever the conditions, so every representation holds them.
    expect(printed).toMatch(/\{\s+\.\.\. on Parcel \{\s+__typename\s+id\s+weight\s+depth\s+\}\s+\} =>/);
  });
});
