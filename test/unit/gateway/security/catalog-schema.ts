import { buildSchema } from 'graphql';

/** A small catalog API schema for the security tests: plain lists, a sized list, a connection. */
export const catalogSchema = buildSchema(`
  type Query {
    product(id: ID!): Product
    products(first: Int = 20, after: String): [Product!]!
    productPage(first: Int = 20): ProductPage!
    search(limit: Int): [Product!]!
    tags: [String!]!
  }
  type Product {
    id: ID!
    name: String!
    related: [Product!]!
    reviews(first: Int, last: Int): [Review!]!
  }
  type Review { id: ID! body: String! }
  type ProductPage { items: [Product!]! totalCount: Int! }
`);
