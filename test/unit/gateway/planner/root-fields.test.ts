import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

const plan = planner({
  accounts: `
    type Query { me: User shared: String @shareable }
    type Mutation { login(name: String!): User! logout: Boolean! }
    type User @key(fields: "id") { id: ID! name: String! }`,
  catalog: `
    type Query { books(first: Int = 10): [Book!]! shared: String @shareable }
    type Mutation { addBook(title: String!): Book! }
    type Book @key(fields: "id") { id: ID! title: String! }`,
});

describe('root fields', () => {
  it('fetches root fields of different subgraphs in parallel', () => {
    expect(plan('{ me { name } books { title } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Parallel {
          Fetch(service: "accounts") {
            {
              me {
                name
              }
            }
          },
          Fetch(service: "catalog") {
            {
              books {
                title
              }
            }
          }
        }
      }"
    `);
    expect(plan.shape('{ me { name } books { title } }')).toEqual({
      requests: 2,
      waves: 1,
      serves: { 'Query.books': 'catalog', 'Query.me': 'accounts' },
    });
  });

  it('resolves a shareable root field from a subgraph the operation already calls', () => {
    expect(plan('{ books { title } shared }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "catalog") {
          {
            books {
              title
            }
            shared
          }
        }
      }"
    `);
    expect(plan.shape('{ books { title } shared }')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.books': 'catalog', 'Query.shared': 'catalog' },
    });
  });

  it('runs mutation fields in order, grouping only consecutive fields of one subgraph', () => {
    expect(
      plan(
        'mutation M { a: login(name: "a") { id } b: login(name: "b") { id } addBook(title: "t") { id } logout }',
        'M',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "accounts") {
            mutation M__accounts__0 {
              a: login(name: "a") {
                id
              }
              b: login(name: "b") {
                id
              }
            }
          },
          Fetch(service: "catalog") {
            mutation M__catalog__1 {
              addBook(title: "t") {
                id
              }
            }
          },
          Fetch(service: "accounts") {
            mutation M__accounts__2 {
              logout
            }
          }
        }
      }"
    `);
    expect(
      plan.shape(
        'mutation M { a: login(name: "a") { id } b: login(name: "b") { id } addBook(title: "t") { id } logout }',
        'M',
      ),
    ).toEqual({
      requests: 3,
      waves: 3,
      serves: { 'Mutation.addBook': 'catalog', 'Mutation.login': 'accounts', 'Mutation.logout': 'accounts' },
    });
  });

  it('plans nothing for an operation of only introspection and __typename', () => {
    expect(plan('{ __typename __schema { queryType { name } } }')).toMatchInlineSnapshot(`"QueryPlan {}"`);
    expect(plan.shape('{ __typename __schema { queryType { name } } }')).toEqual({
      requests: 0,
      waves: 0,
      serves: {},
    });
  });

  it('declares exactly the variables each subgraph operation uses, with their defaults', () => {
    expect(
      plan(
        'query Q($n: Int = 3, $name: String!, $unused: ID) { books(first: $n) { title } me { name } }',
        'Q',
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Parallel {
          Fetch(service: "catalog") {
            query Q__catalog__0($n: Int = 3) {
              books(first: $n) {
                title
              }
            }
          },
          Fetch(service: "accounts") {
            query Q__accounts__1 {
              me {
                name
              }
            }
          }
        }
      }"
    `);
    expect(
      plan.shape(
        'query Q($n: Int = 3, $name: String!, $unused: ID) { books(first: $n) { title } me { name } }',
        'Q',
      ),
    ).toEqual({ requests: 2, waves: 1, serves: { 'Query.books': 'catalog', 'Query.me': 'accounts' } });
  });
});
