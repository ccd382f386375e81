/**
 * The four subgraphs of the public graphql-gateways-benchmark workload (accounts, products,
 * inventory, reviews) on `@apollo/subgraph`, serving the SDLs kept in
 * `bench/workloads/gateways-benchmark/` with the static data of `data.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type GraphQLSchema, parse } from 'graphql';
import {
  type RequestScope,
  type RunningServer,
  startGraphQLHttpServer,
} from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { inStockByUpc, products, type Review, reviews, users } from './data.js';

/** Where the workload's SDLs, supergraph and query live. */
export const WORKLOAD_DIR = join(import.meta.dirname, '../../../bench/workloads/gateways-benchmark');

/** The subgraph names, in the order the supergraph lists them. */
export const SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

interface ProductReference {
  readonly upc: string;
  readonly price?: number | null;
  readonly weight?: number | null;
}

/** What `inventory` estimates from the `@requires(fields: "price weight")` values. */
export function shippingEstimate({ price, weight }: ProductReference): number | null {
  if (price === null || price === undefined || weight === null || weight === undefined) return null;
  return price > 1000 ? 0 : Math.trunc(weight / 2);
}

const reviewsOfUser = (): readonly Review[] => reviews.slice(0, 2);

const resolvers: Record<SubgraphName, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: {
      me: () => users[0],
      user: (_: unknown, { id }: { id: string }) => users.find((user) => user.id === id) ?? null,
      users: () => users,
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => users.find((user) => user.id === id) ?? null,
    },
  },
  products: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) =>
        products.find((product) => product.upc === upc) ?? null,
    },
  },
  inventory: {
    Product: {
      __resolveReference: (reference: ProductReference) => reference,
      inStock: ({ upc }: ProductReference) => inStockByUpc.get(upc) ?? null,
      shippingEstimate: (reference: ProductReference) => shippingEstimate(reference),
    },
  },
  reviews: {
    Review: {
      __resolveReference: ({ id }: { id: string }) => reviews.find((review) => review.id === id) ?? null,
      product: (review: Review) => ({ upc: review.productUpc }),
      author: () => ({ id: '1', username: 'urigo' }),
    },
    User: {
      // Outside `Review.author`'s @provides, a user resolved here only knows a placeholder name.
      __resolveReference: ({ id }: { id: string }) => ({ id, username: 'user' }),
      reviews: () => reviewsOfUser(),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: ({ upc }: { upc: string }) => reviews.filter((review) => review.productUpc === upc),
    },
  },
};

/** A subgraph's SDL as kept in the workload folder. */
export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(join(WORKLOAD_DIR, `${name}.graphql`), 'utf8');
}

/** One subgraph's executable schema. */
export function publicSubgraphSchema(name: SubgraphName): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(subgraphSdl(name)), resolvers: resolvers[name] });
}

/** Starts one subgraph on 127.0.0.1, on a free port. */
export async function startPublicSubgraph(name: SubgraphName): Promise<RunningServer> {
  const apollo = new ApolloServer<RequestScope>({
    schema: publicSubgraphSchema(name),
    includeStacktraceInErrorResponses: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  return startGraphQLHttpServer({
    service: name,
    port: 0,
    host: '127.0.0.1',
    log: silentLogger(),
    apollo,
    context: (scope) => scope,
  });
}
