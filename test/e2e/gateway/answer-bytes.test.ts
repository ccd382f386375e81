import type { ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import type { RequestContext } from '../../../gateway/src/request/request-context.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import {
  type FixtureSubgraph,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

// The edge writes an answer as the bytes encoded when Apollo Server serialised it: what the
// client reads must be exactly Apollo Server's serialisation, on every path that reaches it.
const SUBGRAPHS: FixtureSubgraph[] = [
  {
    name: 'product',
    sdl: `${federationLink(['@key'])}
      type Query { product(id: ID!): Product products(count: Int!, tag: String!): [Product!]! }
      type Product @key(fields: "id") { id: ID! name: String! }`,
    resolvers: {
      Query: {
        product: (_: unknown, args: { id: string }) => ({ id: args.id, name: `Lampe n° ${args.id} ✓` }),
        products: (_: unknown, args: { count: number; tag: string }) =>
          Array.from({ length: args.count }, (_, index) => ({
            id: `${args.tag}-${index}`,
            name: `Lampe n° ${args.tag}-${index} ✓`,
          })),
      },
      Product: {
        __resolveReference: (reference: { id: string }) => ({
          id: reference.id,
          name: `Lampe n° ${reference.id} ✓`,
        }),
      },
    },
  },
  {
    name: 'pricing',
    sdl: `${federationLink(['@key'])}
      type Product @key(fields: "id") { id: ID! price: Int }`,
    resolvers: {
      Product: {
        price: (reference: { id: string }) => {
          if (reference.id === 'broken') throw new Error('price list unavailable');
          return reference.id.length * 100;
        },
      },
    },
  },
];

/** Replaces the data of a request that asks for it in `x-replace-data`, as a plugin may. */
const replacingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.headers['x-replace-data'] && response.body.kind === 'single')
          response.body.singleResult.data = { replaced: true };
      },
    };
  },
};

let federation: RunningFederation;
let gateway: RunningGateway;

beforeAll(async () => {
  federation = await startFixtureSubgraphs('answer-bytes', SUBGRAPHS);
  gateway = await startGateway(
    gatewayConfig({ core: { nodeEnv: 'production', port: 0 }, security: { maxBatchSize: 4 } }),
    { supergraphSdl: federation.supergraphSdl, log: silentLogger(), plugins: [replacingPlugin] },
  );
});

afterAll(async () => {
  await gateway?.close();
  await federation?.close();
});

async function postRaw(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    length: response.headers.get('content-length'),
    bytes,
    text: bytes.toString('utf8'),
  };
}

/** Apollo Server's serialisation of a single result: errors, data, extensions, then a newline. */
function apolloSerialised(text: string): string {
  const { errors, data, extensions } = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify({ errors, data, extensions })}\n`;
}

describe('answers written as the bytes Apollo Server serialised', () => {
  it('writes a full answer byte for byte, non-ASCII text included', async () => {
    const answer = await postRaw({ query: '{ product(id: "42") { name price } }' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"data":{"product":{"name":"Lampe n° 42 ✓","price":200}}}\n');
    expect(Number(answer.length)).toBe(answer.bytes.length);
  });

  it('writes partial data with its errors in Apollo Server’s field order', async () => {
    const answer = await postRaw({ query: '{ product(id: "broken") { name price } }' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(apolloSerialised(answer.text));
    expect(answer.text.startsWith('{"errors":[')).toBe(true);
    expect(JSON.parse(answer.text).data).toEqual({ product: { name: 'Lampe n° broken ✓', price: null } });
  });

  it('answers each operation of a batch', async () => {
    const answer = await postRaw([
      { query: '{ product(id: "1") { name } }' },
      { query: '{ product(id: "22") { price } }' },
    ]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual([
      { data: { product: { name: 'Lampe n° 1 ✓' } } },
      { data: { product: { price: 200 } } },
    ]);
  });

  it('writes the data a plugin put in place of the executor’s', async () => {
    const answer = await postRaw({ query: '{ product(id: "7") { name } }' }, { 'x-replace-data': 'yes' });
    expect(answer.text).toBe('{"data":{"replaced":true}}\n');
  });

  it('writes refusals and errors without data', async () => {
    const invalid = await postRaw({ query: '{ product(id: "7") { nope } }' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toBe(apolloSerialised(invalid.text));
    expect(JSON.parse(invalid.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers concurrent requests each with its own answer', async () => {
    const ids = Array.from({ length: 24 }, (_, index) => `p${index}`);
    const answers = await Promise.all(
      ids.map((id) => postRaw({ query: `{ product(id: "${id}") { name price } }` })),
    );
    answers.forEach((answer, index) => {
      const id = ids[index] as string;
      expect(JSON.parse(answer.text)).toEqual({
        data: { product: { name: `Lampe n° ${id} ✓`, price: id.length * 100 } },
      });
    });
  });

  it('answers concurrent large requests each with its own bytes, again once buffers are reused', async () => {
    const query =
      'query ($count: Int!, $tag: String!) { products(count: $count, tag: $tag) { id name price } }';
    for (const round of [1, 2]) {
      const asked = Array.from({ length: 16 }, (_, index) => ({
        count: 40 * (index + 1),
        tag: `${round}.${index}-${'é✓x'.repeat(20)}`,
      }));
      const answers = await Promise.all(asked.map((variables) => postRaw({ query, variables })));
      answers.forEach((answer, index) => {
        const { count, tag } = asked[index] as { count: number; tag: string };
        const products = Array.from({ length: count }, (_, item) => {
          const id = `${tag}-${item}`;
          return { id, name: `Lampe n° ${id} ✓`, price: id.length * 100 };
        });
        expect(answer.text).toBe(`${JSON.stringify({ data: { products } })}\n`);
        expect(Number(answer.length)).toBe(answer.bytes.length);
      });
    }
  });
});
