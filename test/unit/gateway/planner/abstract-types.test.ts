import { describe, expect, it } from 'vitest';
import { planner } from './compose-and-plan.js';

describe('interfaces and unions across subgraphs', () => {
  const media = planner({
    shelf: `
      type Query { shelf: [Media!]! search: [Result!]! }
      interface Media { id: ID! title: String! }
      type Book implements Media @key(fields: "id") { id: ID! title: String! }
      type Movie implements Media @key(fields: "id") { id: ID! title: String! }
      union Result = Book | Movie`,
    books: `
      type Book @key(fields: "id") { id: ID! pages: Int! }`,
    movies: `
      type Movie @key(fields: "id") { id: ID! minutes: Int! }`,
  });

  it('narrows an interface to its implementations and fetches each one from the subgraph that has its fields', () => {
    expect(
      media('{ shelf { title ... on Book { pages } ... on Movie { minutes } } }'),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "shelf") {
            {
              shelf {
                __typename
                title
                id
              }
            }
          },
          Parallel {
            Flatten(path: "shelf.@") {
              Fetch(service: "books") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Book {
                      pages
                    }
                  }
                }
              }
            },
            Flatten(path: "shelf.@") {
              Fetch(service: "movies") {
                {
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                query ($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    ... on Movie {
                      minutes
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(media.shape('{ shelf { title ... on Book { pages } ... on Movie { minutes } } }')).toEqual({
      requests: 3,
      waves: 2,
      serves: { 'Book.pages': 'books', 'Movie.minutes': 'movies', 'Query.shelf': 'shelf' },
    });
  });

  it('keeps fields of nested fragments on a union, in any order', () => {
    expect(
      media(`
        { search { ...R } }
        fragment R on Result { ... on Movie { ...M } ... on Book { title ... on Media { id } } }
        fragment M on Movie { minutes title }`),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "shelf") {
            {
              search {
                __typename
                ... on Book {
                  title
                  id
                }
                ... on Movie {
                  __typename
                  id
                  title
                }
              }
            }
          },
          Flatten(path: "search.@") {
            Fetch(service: "movies") {
              {
                ... on Movie {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Movie {
                    minutes
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(
      media.shape(`
        { search { ...R } }
        fragment R on Result { ... on Movie { ...M } ... on Book { title ... on Media { id } } }
        fragment M on Movie { minutes title }`),
    ).toEqual({ requests: 2, waves: 2, serves: { 'Movie.minutes': 'movies', 'Query.search': 'shelf' } });
  });

  it('reaches a field an @interfaceObject adds through the interface entity', () => {
    const object = planner({
      accounts: `
        type Query { accounts: [Account!]! }
        interface Account @key(fields: "id") { id: ID! owner: String! }
        type Personal implements Account @key(fields: "id") { id: ID! owner: String! born: Int }
        type Business implements Account @key(fields: "id") { id: ID! owner: String! vat: String! }`,
      risk: `
        type Query { riskiest: [Account!]! }
        type Account @key(fields: "id") @interfaceObject { id: ID! score: Int! }`,
    });
    expect(object('{ accounts { owner score } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "accounts") {
            {
              accounts {
                __typename
                owner
                id
              }
            }
          },
          Flatten(path: "accounts.@") {
            Fetch(service: "risk") {
              {
                ... on Personal as Account {
                  __typename
                  id
                }
                ... on Business as Account {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Account {
                    score
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(object('{ riskiest { __typename score ... on Business { vat } } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "risk") {
            {
              riskiest {
                __typename
                score
                id
              }
            }
          },
          Flatten(path: "riskiest.@") {
            Fetch(service: "accounts") {
              {
                ... on Account {
                  __typename
                  id
                }
                ... on Personal as Account {
                  __typename
                  id
                }
                ... on Business as Account {
                  __typename
                  id
                }
              } =>
              query ($representations: [_Any!]!) {
                _entities(representations: $representations) {
                  ... on Account {
                    __typename
                    ... on Business {
                      vat
                    }
                  }
                }
              }
            }
          }
        }
      }"
    `);
    expect(object.shape('{ accounts { owner score } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Account.score': 'risk', 'Query.accounts': 'accounts' },
    });
    // Only accounts knows the concrete type, and with it the Business fields.
    expect(object.shape('{ riskiest { __typename score ... on Business { vat } } }')).toEqual({
      requests: 2,
      waves: 2,
      serves: { 'Business.vat': 'accounts', 'Query.riskiest': 'risk' },
    });
  });
});

describe('interface selections', () => {
  it('asks for interface fields once on the interface when every implementation gets the same', () => {
    const plan = planner({
      shelf: `
        type Query { shelf: [Media!]! }
        interface Media { id: ID! title: String! }
        type Book implements Media @key(fields: "id") { id: ID! title: String! }
        type Movie implements Media @key(fields: "id") { id: ID! title: String! }`,
    });
    expect(plan('{ shelf { id title } }')).toMatchInlineSnapshot(`
      "QueryPlan {
        Fetch(service: "shelf") {
          {
            shelf {
              __typename
              id
              title
            }
          }
        }
      }"
    `);
    expect(plan.shape('{ shelf { id title } }')).toEqual({
      requests: 1,
      waves: 1,
      serves: { 'Query.shelf': 'shelf' },
    });
  });
});
