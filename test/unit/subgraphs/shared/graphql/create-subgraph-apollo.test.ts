import type { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type OperationDefinitionNode, parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestScope } from '../../../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../../../platform/logger.js';
import { createSubgraphApollo } from '../../../../../subgraphs/shared/graphql/create-subgraph-apollo.js';
import {
  countRepresentations,
  findOverlongString,
  type SubgraphOperationLimits,
} from '../../../../../subgraphs/shared/graphql/operation-limits.js';

const schema = buildSubgraphSchema({
  typeDefs: parse(
    'type Query { products(first: Int): [Product!]! product(id: ID!): Product } type Product { id: ID! related: [Product!]! }',
  ),
  resolvers: {
    Query: {
      products: () => [{ id: 'p-0001' }],
      product: () => {
        throw new Error('a resolver ran');
      },
    },
    Product: { related: () => [] },
  },
});

let started: ApolloServer<RequestScope> | undefined;

afterEach(async () => {
  await started?.stop();
  started = undefined;
});

async function run(query: string, limits?: SubgraphOperationLimits, variables?: Record<string, unknown>) {
  started = createSubgraphApollo<RequestScope>({ schema, log: silentLogger(), ...(limits && { limits }) });
  await started.start();
  const scope: RequestScope = {
    requestId: 'r1',
    log: silentLogger(),
    signal: new AbortController().signal,
    headers: {},
  };
  const response = await started.executeOperation(
    { query, ...(variables && { variables }) },
    { contextValue: scope },
  );
  const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
  return { status: response.http.status ?? 200, errors: result?.errors, data: result?.data };
}

const aliased = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: products(first: 100) { id }`).join(' ')} }`;
const nested = (depth: number) =>
  `{ products { ${'related { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;

describe('createSubgraphApollo operation limits', () => {
  it('refuses more aliases than allowed with 400 OPERATION_TOO_MANY_ALIASES, before resolving anything', async () => {
    const answer = await run(aliased(300));

    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_ALIASES',
      limit: 200,
      measured: 300,
    });
  });

  it('counts the aliases of a fragment at every use', async () => {
    const query = '{ ...Pair ...Pair } fragment Pair on Query { x: products { id } y: products { id } }';

    const answer = await run(query, {
      maxDepth: 32,
      maxAliases: 3,
      maxStringLength: 4_096,
      maxRepresentations: 1_000,
    });

    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_MANY_ALIASES', measured: 4 });
  });

  it('refuses a deeper operation than allowed with 400 OPERATION_TOO_DEEP', async () => {
    const answer = await run(nested(33));

    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_DEEP',
      limit: 32,
      measured: 33,
    });
  });

  it('serves operations within the limits', async () => {
    const answer = await run(
      `${aliased(199).slice(0, -1)} deep: products { ${'related { '.repeat(29)}id${' }'.repeat(29)} } }`,
    );

    expect(answer.errors).toBeUndefined();
    expect(answer.status).toBe(200);
  });
});

describe('createSubgraphApollo input length', () => {
  const limits = { maxDepth: 32, maxAliases: 200, maxStringLength: 10, maxRepresentations: 1_000 };

  it('refuses an overlong string in the variables with 400 INPUT_STRING_TOO_LONG, naming where, before any resolver', async () => {
    const answer = await run('query ($id: ID!) { a: product(id: $id) { id } }', limits, {
      id: 'x'.repeat(100_000),
    });

    expect(answer.status).toBe(400);
    expect(answer.errors).toMatchObject([
      {
        message: '$id is 100000 characters long; this subgraph accepts at most 10.',
        extensions: { code: 'INPUT_STRING_TOO_LONG', limit: 10, measured: 100_000 },
      },
    ]);
  });

  it('names where in the variables the overlong string is', () => {
    const found = findOverlongString(
      parse('{ products { id } }'),
      { representations: [{ id: 'ok' }, { id: 'x'.repeat(11) }] },
      10,
    );

    expect(found).toEqual({ where: '$representations[1].id', length: 11 });
  });

  it('refuses an overlong string written in the operation', async () => {
    const answer = await run(`{ product(id: "${'y'.repeat(11)}") { id } }`, limits);

    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]).toMatchObject({
      message: 'the string at 1:15 is 11 characters long; this subgraph accepts at most 10.',
      extensions: { code: 'INPUT_STRING_TOO_LONG' },
    });
  });
});

describe('countRepresentations', () => {
  it('adds up the representations of every _entities field, from variables or written lists', () => {
    const document = parse(
      'query ($a: [_Any!]!) { x: _entities(representations: $a) { __typename } y: _entities(representations: [{ id: 1 }]) { __typename } }',
    );
    const operation = document.definitions[0] as OperationDefinitionNode;

    expect(countRepresentations(operation, { a: [{}, {}, {}] })).toBe(4);
  });
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
