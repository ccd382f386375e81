import { GraphQLError } from 'graphql';
import type { ExecutionHooks } from '../../../../gateway/src/executor/execution-state.js';
import { inProcessFederation } from '../../../helpers/in-process-federation.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

interface Product {
  id: string;
  name: string;
  weightGrams: number;
}

/** Products p1..p<count>, then `p-boom`, whose price throws. */
function products(count: number): Product[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `p${index + 1}`,
    name: `Product ${index + 1}`,
    weightGrams: 100 * (index + 1),
  }));
}

/** A small catalog federation (product, inventory, pricing) run in-process, for executor tests. */
export function catalogFederation(count = 5, options: { hooks?: ExecutionHooks } = {}) {
  const catalog = [...products(count), { id: 'p-boom', name: 'Boom', weightGrams: 1 }];
  // `p-ghost` is only reachable by id, and inventory does not know it.
  const byId = new Map(
    [...catalog, { id: 'p-ghost', name: 'Ghost', weightGrams: 1 }].map((product) => [product.id, product]),
  );
  const subgraphs: Record<string, { typeDefs: string; resolvers: Record<string, unknown> }> = {
    product: {
      typeDefs: `${LINK}
        type Query {
          products(first: Int = 20): [Product!]!
          product(id: ID!): Product
          topProduct: Product!
          secret: String @inaccessible
        }
        type Mutation { rename(id: ID!, name: String!): Product! }
        type Product @key(fields: "id") { id: ID! name: String! weightGrams: Int! related: [Product!]! }`,
      resolvers: {
        Query: {
          products: (_: unknown, args: { first: number }) => catalog.slice(0, args.first),
          product: (_: unknown, args: { id: string }) => byId.get(args.id) ?? null,
          topProduct: () => catalog[0],
        },
        Mutation: {
          rename: (_: unknown, args: { id: string; name: string }) => {
            const found = byId.get(args.id);
            if (!found)
              throw new GraphQLError(`No product ${args.id}`, { extensions: { code: 'NOT_FOUND' } });
            found.name = args.name;
            return found;
          },
        },
        Product: {
          __resolveReference: (reference: { id: string }) => byId.get(reference.id) ?? null,
          related: (product: Product) => catalog.filter((other) => other.id !== product.id).slice(0, 2),
        },
      },
    },
    inventory: {
      typeDefs: `${LINK}
        type Product @key(fields: "id") { id: ID! inventory: Inventory! inStock: Boolean! }
        type Inventory { available: Int! onHand: Int! }`,
      resolvers: {
        Product: {
          __resolveReference: (reference: { id: string }) =>
            reference.id === 'p-ghost' ? null : { id: reference.id },
          inventory: (product: { id: string }) => ({ available: product.id.length, onHand: 10 }),
          inStock: (product: { id: string }) => product.id !== 'p2',
        },
      },
    },
    pricing: {
      typeDefs: `${LINK}
        type Product @key(fields: "id") {
          id: ID!
          weightGrams: Int! @external
          price: Price
          shippingEstimate: Int! @requires(fields: "weightGrams")
        }
        type Price { amount: Int! currency: String! }`,
      resolvers: {
        Product: {
          __resolveReference: (reference: { id: string; weightGrams?: number }) => reference,
          price: (product: { id: string }) => {
            if (product.id === 'p-boom') throw new Error('pricing exploded');
            return { amount: Number(product.id.replace(/\D/g, '')) * 100, currency: 'EUR' };
          },
          shippingEstimate: (product: { weightGrams?: number }) => {
            if (product.weightGrams === undefined) throw new Error('weightGrams missing');
            return Math.ceil(product.weightGrams / 100);
          },
        },
      },
    },
  };
  return inProcessFederation(
    Object.entries(subgraphs).map(([name, subgraph]) => ({
      name,
      sdl: subgraph.typeDefs,
      resolvers: subgraph.resolvers,
    })),
    options,
  );
}
