import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  composeOrThrow,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const PRODUCTS_SDL = `${federationLink(['@key'])}
  type Query { product(id: ID!): Product }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const PRICES_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! price: Int }`;

const HEADER_RULES = JSON.stringify({
  all: { allow: ['accept-language'] },
  subgraphs: {
    prices: {
      allow: ['authorization'],
      rename: { 'x-tenant': 'x-tenant-id' },
      set: { 'x-gateway': 'hexagraph' },
    },
  },
});

let federation: RunningFederation;
const spies: Record<string, FaultSubgraph> = {};
let supergraphSdl: string;
let gateway: RunningGateway;

/** Posts with node:http, which (unlike fetch) lets a client send hop-by-hop headers. */
function post(headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      gateway.url.replace('localhost', '127.0.0.1'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.timeout(10_000),
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: '{ product(id: "p1") { name price } }' }));
  });
}

const received = (subgraph: string): IncomingHttpHeaders => spies[subgraph]?.requests.at(-1)?.headers ?? {};

beforeAll(async () => {
  federation = await startFixtureSubgraphs('header-rules', [
    {
      name: 'products',
      sdl: PRODUCTS_SDL,
      resolvers: { Query: { product: (_: unknown, { id }: { id: string }) => ({ id, name: 'Kettle' }) } },
    },
    {
      name: 'prices',
      sdl: PRICES_SDL,
      resolvers: { Product: { __resolveReference: ({ id }: { id: string }) => ({ id, price: 100 }) } },
    },
  ]);
  const sources = [];
  for (const [name, sdl] of [
    ['products', PRODUCTS_SDL],
    ['prices', PRICES_SDL],
  ] as const) {
    const target = federation.subgraphs.find((subgraph) => subgraph.name === name)!.url;
    spies[name] = await startFaultSubgraph({ target });
    sources.push({ name, url: spies[name].url, sdl });
  }
  supergraphSdl = composeOrThrow('header-rules', sources);
  gateway = await startGateway(loadGatewayConfig({ HEADER_RULES, PORT: '0', HOST: '127.0.0.1' }), {
    supergraphSdl,
    log: silentLogger(),
  });
});

afterAll(async () => {
  await gateway?.close();
  for (const spy of Object.values(spies)) await spy.close();
  await federation?.close();
});

describe('client headers forwarded to subgraphs', () => {
  it('sends each subgraph only what its rules allow, renamed and completed as they say', async () => {
    const answer = await post({
      authorization: 'Bearer secret',
      'accept-language': 'de-CH',
      'x-tenant': 'acme',
      'x-debug': 'on',
      'x-request-id': 'hdr-1',
      connection: 'keep-alive, accept-language',
    });

    expect(answer).toEqual({ status: 200, body: { data: { product: { name: 'Kettle', price: 100 } } } });
    const prices = received('prices');
    expect(prices).toMatchObject({
      authorization: 'Bearer secret',
      'x-tenant-id': 'acme',
      'x-gateway': 'hexagraph',
      'x-request-id': 'hdr-1',
    });
    const products = received('products');
    expect(products['x-request-id']).toBe('hdr-1');
    for (const headers of [prices, products]) {
      // Named in the client's Connection header, so it belongs to the client's hop only.
      expect(headers['accept-language']).toBeUndefined();
      expect(headers['x-debug']).toBeUndefined();
      expect(headers['x-tenant']).toBeUndefined();
    }
    expect(products.authorization).toBeUndefined();
    expect(products['x-gateway']).toBeUndefined();
  });

  it('forwards a header every subgraph may have to all of them', async () => {
    await post({ 'accept-language': 'fr' });

    expect(received('products')['accept-language']).toBe('fr');
    expect(received('prices')['accept-language']).toBe('fr');
  });

  it("never lets a client's value replace the gateway's own headers", async () => {
    await post({ 'x-request-budget-ms': '999999999', traceparent: 'not-a-trace' });

    const budget = Number(received('prices')['x-request-budget-ms']);
    expect(budget).toBeGreaterThan(0);
    expect(budget).toBeLessThan(999_999_999);
    expect(received('prices').traceparent).not.toBe('not-a-trace');
  });

  it('refuses at start-up rules for a subgraph the supergraph does not have', async () => {
    await expect(
      startGateway(
        loadGatewayConfig({
          HEADER_RULES: '{"subgraphs":{"billing":{"allow":["authorization"]}}}',
          PORT: '0',
        }),
        { supergraphSdl, log: silentLogger() },
      ),
    ).rejects.toThrow(
      /HEADER_RULES\.subgraphs\.billing: no such subgraph \(the supergraph has prices, products\)/,
    );
  });
});
