import type { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestScope } from '../../../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../../../platform/logger.js';
import { createSubgraphApollo } from '../../../../../subgraphs/shared/graphql/create-subgraph-apollo.js';

const schema = buildSubgraphSchema({
  typeDefs: parse(
    'type Query { products(first: Int): [Product!]! } type Product { id: ID! related: [Product!]! }',
  ),
  resolvers: {
    Query: { products: () => [{ id: 'p-0001' }] },
    Product: { related: () => [] },
  },
});

let started: ApolloServer<RequestScope> | undefined;

afterEach(async () => {
  await started?.stop();
  started = undefined;
});

describe('createSubgraphApollo termination signals', () => {
  it('leaves SIGINT and SIGTERM to the process, even outside NODE_ENV=test', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      started = createSubgraphApollo<RequestScope>({ schema, log: silentLogger() });
      await started.start();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }

    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
