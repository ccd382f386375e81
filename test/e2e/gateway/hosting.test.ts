import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const SUBGRAPHS = {
  product: {
    typeDefs: `${federationLink(['@key', '@inaccessible'])}
      type Query { product(id: ID!): Product cost: Int @inaccessible }
      type Product @key(fields: "id") { id: ID! name: String! }`,
    resolvers: {
      Query: {
        product: (_: unknown, args: { id: string }) => ({ id: args.id, name: `Product ${args.id}` }),
        cost: () => 7,
      },
      Product: {
        __resolveReference: (reference: { id: string }) => ({
          id: reference.id,
          name: `Product ${reference.id}`,
        }),
      },
    },
  },
  pricing: {
    typeDefs: `${federationLink(['@key'])}
      type Product @key(fields: "id") { id: ID! price: Int! }`,
    resolvers: { Product: { price: (reference: { id: string }) => reference.id.length * 100 } },
  },
};

// The subgraphs are real HTTP servers on loopback, started once for the file.
let federation: RunningFederation;
let supergraphSdl: string;

beforeAll(async () => {
  federation = await startFixtureSubgraphs(
    'hosting',
    Object.entries(SUBGRAPHS).map(([name, subgraph]) => ({
      name,
      sdl: subgraph.typeDefs,
      resolvers: subgraph.resolvers as never,
    })),
  );
  supergraphSdl = federation.supergraphSdl;
});

afterAll(async () => federation?.close());

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; locations?: unknown; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

describe('gateway hosting in development', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(
      gatewayConfig({
        core: { nodeEnv: 'development', port: 0, corsOrigins: ['https://shop.example'] },
        observability: { queryPlanExposure: 'always' },
      }),
      {
        supergraphSdl,
        log: silentLogger(),
        extraRoutes: {
          '/metrics': (_req, res) => {
            res.end('metrics here');
          },
        },
      },
    );
  });
  afterAll(async () => gateway?.close());

  it('serves a query across subgraphs, with the plan in extensions when asked', async () => {
    const before = federation.requestCounts();
    const answer = await post(gateway.url, { query: '{ product(id: "42") { name price } }' });
    expect(answer.status).toBe(200);
    const after = federation.requestCounts();
    // One HTTP request to each subgraph server.
    expect((after.product ?? 0) - (before.product ?? 0)).toBe(1);
    expect((after.pricing ?? 0) - (before.pricing ?? 0)).toBe(1);
    expect(answer.body.data).toEqual({ product: { name: 'Product 42', price: 200 } });
    expect(answer.body.extensions?.queryPlan).toMatchObject({
      kind: 'QueryPlan',
      node: { kind: 'Sequence' },
    });
    expect(answer.body.extensions?.queryPlanText).toContain('Fetch(service: "pricing")');
  });

  it('serves the Apollo Sandbox landing page to a browser', async () => {
    const response = await fetch(gateway.url, {
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/embeddable-sandbox|EmbeddedSandbox/);
  });

  it('sends a browser that opens the bare address to the GraphQL endpoint', async () => {
    const root = new URL('/', gateway.url);
    const response = await fetch(root, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphql');
  });

  it('answers introspection', async () => {
    const answer = await post(gateway.url, { query: '{ __schema { queryType { name } } }' });
    expect(answer.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('refuses a GET query without a preflight header as a possible CSRF', async () => {
    const response = await fetch(
      `${gateway.url}?query=${encodeURIComponent('{ product(id: "1") { name } }')}`,
      {
        signal: AbortSignal.timeout(10_000),
      },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('reports a syntax error with GRAPHQL_PARSE_FAILED and its location', async () => {
    const answer = await post(gateway.url, { query: '{ product(id: "1") { name }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      locations: [{ line: 1, column: 28 }],
    });
  });

  it('reports an unknown field with GRAPHQL_VALIDATION_FAILED and its location', async () => {
    const answer = await post(gateway.url, { query: '{\n  product(id: "1") { nope }\n}' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      locations: [{ line: 2, column: 22 }],
    });
  });

  it('does not let a client query an @inaccessible field', async () => {
    const answer = await post(gateway.url, { query: '{ cost }' });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0]?.message).toMatch(/Cannot query field "cost"/);
  });

  it('names an operation name the document does not contain', async () => {
    const answer = await post(gateway.url, {
      query: 'query A { product(id: "1") { name } }',
      operationName: 'B',
    });
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.message).toBe('Unknown operation named "B".');
  });

  it('does not expose federation machinery', async () => {
    const answer = await post(gateway.url, { query: '{ _entities(representations: []) { __typename } }' });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('echoes a correlation id, or makes one up', async () => {
    const given = await post(gateway.url, { query: '{ __typename }' }, { 'x-request-id': 'req-123' });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await post(gateway.url, { query: '{ __typename }' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows Apollo Sandbox and configured origins through CORS, and no others', async () => {
    const preflight = (origin: string) =>
      fetch(gateway.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
        signal: AbortSignal.timeout(10_000),
      });
    const sandbox = await preflight('https://studio.apollographql.com');
    expect(sandbox.status).toBe(204);
    expect(sandbox.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect((await preflight('https://shop.example')).headers.get('access-control-allow-origin')).toBe(
      'https://shop.example',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves health, readiness and extra routes', async () => {
    const health = await fetch(gateway.url.replace('/graphql', '/healthz'), {
      signal: AbortSignal.timeout(10_000),
    });
    expect(health.status).toBe(200);
    const ready = await fetch(gateway.url.replace('/graphql', '/readyz'), {
      signal: AbortSignal.timeout(10_000),
    });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', subgraphs: ['pricing', 'product'] });
    const metrics = await fetch(gateway.url.replace('/graphql', '/metrics'), {
      signal: AbortSignal.timeout(10_000),
    });
    expect(await metrics.text()).toBe('metrics here');
  });
});

describe('gateway hosting in production', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(gatewayConfig({ core: { nodeEnv: 'production', port: 0 } }), {
      supergraphSdl,
      log: silentLogger(),
    });
  });
  afterAll(async () => gateway?.close());

  it('refuses introspection', async () => {
    const answer = await post(gateway.url, { query: '{ __schema { queryType { name } } }' });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves no landing page', async () => {
    const response = await fetch(gateway.url, {
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(await response.text()).not.toMatch(/embeddable-sandbox|EmbeddedSandbox/);
  });

  it('still serves queries, without the query plan', async () => {
    const answer = await post(gateway.url, { query: '{ product(id: "7") { name price } }' });
    expect(answer.body).toEqual({ data: { product: { name: 'Product 7', price: 100 } } });
  });

  it('can be told to allow introspection and the landing page', async () => {
    const open = await startGateway(
      loadGatewayConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', LANDING_PAGE: 'true', PORT: '0' }),
      { supergraphSdl, log: silentLogger() },
    );
    try {
      const answer = await post(open.url, { query: '{ __type(name: "Product") { name } }' });
      expect(answer.body.data).toEqual({ __type: { name: 'Product' } });
    } finally {
      await open.close();
    }
  });
});

describe('a supergraph that cannot be served', () => {
  it('stops start-up with an error naming the source and the problem', async () => {
    await expect(
      startGateway(gatewayConfig({ core: { port: 0 } }), {
        supergraphSdl: 'type Query {',
        supergraphSource: 'schema/supergraph.graphql',
        log: silentLogger(),
      }),
    ).rejects.toThrow(/^Supergraph schema\/supergraph\.graphql: Syntax Error: .*\(line 1, column 13\)$/);
  });
});
