import {
  type FixtureSubgraph,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const PRODUCTS = Array.from({ length: 30 }, (_, index) => ({
  id: `p${index + 1}`,
  name: `Product ${index + 1}`,
}));
const USERS = Array.from({ length: 5 }, (_, index) => ({ id: `u${index + 1}`, name: `User ${index + 1}` }));

/** Three reviews per product, written by the five users in turn. */
function reviewsOf(productId: string) {
  const number = Number(productId.slice(1));
  return [0, 1, 2].map((offset) => ({
    id: `r${number}-${offset}`,
    body: `Review ${offset} of ${productId}`,
    authorId: USERS[(number + offset) % USERS.length]?.id ?? 'u1',
  }));
}

/**
 * Five tiny subgraphs over one catalog: `catalog` owns products, `pricing` and `stock` extend
 * them, `reviews` adds reviews written by users, and `users` names the users and their
 * favourite product, so a query can jump subgraphs three levels deep.
 */
export function reviewSubgraphs(): FixtureSubgraph[] {
  const product = (id: string) => PRODUCTS.find((candidate) => candidate.id === id) ?? null;
  return [
    {
      name: 'catalog',
      sdl: `${federationLink(['@key'])}
        type Query { products(first: Int = 10): [Product!]! }
        type Product @key(fields: "id") { id: ID! name: String! }`,
      resolvers: {
        Query: { products: (_: unknown, args: { first: number }) => PRODUCTS.slice(0, args.first) },
        Product: { __resolveReference: (reference: { id: string }) => product(reference.id) },
      },
    },
    {
      name: 'pricing',
      sdl: `${federationLink(['@key'])}
        type Product @key(fields: "id") { id: ID! price: Price! }
        type Price { amount: Int! }`,
      resolvers: {
        Product: {
          __resolveReference: (reference: { id: string }) => reference,
          price: (reference: { id: string }) => ({ amount: Number(reference.id.slice(1)) * 100 }),
        },
      },
    },
    {
      name: 'stock',
      sdl: `${federationLink(['@key'])}
        type Product @key(fields: "id") { id: ID! inventory: Inventory! }
        type Inventory { available: Int! }`,
      resolvers: {
        Product: {
          __resolveReference: (reference: { id: string }) => reference,
          inventory: (reference: { id: string }) => ({ available: Number(reference.id.slice(1)) % 7 }),
        },
      },
    },
    {
      name: 'reviews',
      sdl: `${federationLink(['@key'])}
        type Product @key(fields: "id") { id: ID! reviews: [Review!]! }
        type Review @key(fields: "id") { id: ID! body: String! author: User! }
        type User @key(fields: "id", resolvable: false) { id: ID! }`,
      resolvers: {
        Product: {
          __resolveReference: (reference: { id: string }) => reference,
          reviews: (reference: { id: string }) => reviewsOf(reference.id),
        },
        Review: { author: (review: { authorId: string }) => ({ id: review.authorId }) },
      },
    },
    {
      name: 'users',
      sdl: `${federationLink(['@key'])}
        type User @key(fields: "id") { id: ID! name: String! favorite: Product! }
        type Product @key(fields: "id", resolvable: false) { id: ID! }`,
      resolvers: {
        User: {
          __resolveReference: (reference: { id: string }) =>
            USERS.find((user) => user.id === reference.id) ?? null,
          favorite: (user: { id: string }) => ({ id: `p${Number(user.id.slice(1)) + 10}` }),
        },
      },
    },
  ];
}

/** Starts the review federation on loopback HTTP servers, counting the requests each receives. */
export function startReviewFederation(): Promise<RunningFederation> {
  return startFixtureSubgraphs('review-federation', reviewSubgraphs());
}
