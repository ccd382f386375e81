import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { sha256Hex, TrustedDocumentStore } from '../../../gateway/src/security/trusted-document-store.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { capturedLogger } from '../../helpers/captured-logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const SDL = `${federationLink(['@key'])}
  type Query { product(id: ID!): Product }
  type Product @key(fields: "id") { id: ID! name: String! sku: String! }`;

const TRUSTED = 'query ProductName($id: ID!) {\n  product(id: $id) {\n    name\n  }\n}\n';
const REFORMATTED = 'query ProductName($id: ID!) { product(id: $id) { name } }';
const UNTRUSTED = 'query ProductSku { product(id: "p1") { sku } }';
const DATA = { product: { name: 'Kettle' } };

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
}

let federation: RunningFederation;
const gateways: RunningGateway[] = [];

function trustedStore(): TrustedDocumentStore {
  const store = new TrustedDocumentStore();
  store.add(TRUSTED, 'product-name.graphql');
  return store;
}

async function start(mode: 'enforce' | 'report', log = silentLogger()): Promise<RunningGateway> {
  const gateway = await startGateway(
    loadGatewayConfig({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: mode, PORT: '0', HOST: '127.0.0.1' }),
    { supergraphSdl: federation.supergraphSdl, log, trustedDocuments: trustedStore() },
  );
  gateways.push(gateway);
  return gateway;
}

async function post(gateway: RunningGateway, body: object): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const persisted = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(text) } });
const catalogCalls = () => federation.requestCounts().catalog ?? 0;

beforeAll(async () => {
  federation = await startFixtureSubgraphs('trusted-documents', [
    {
      name: 'catalog',
      sdl: SDL,
      resolvers: {
        Query: { product: (_: unknown, { id }: { id: string }) => ({ id, name: 'Kettle', sku: 'KT-1' }) },
      },
    },
  ]);
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await federation?.close();
});

describe('trusted documents in enforce mode', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await start('enforce');
  });

  it('serves a trusted document, as written or reformatted', async () => {
    const variables = { id: 'p1' };
    expect(await post(gateway, { query: TRUSTED, variables })).toEqual({ status: 200, body: { data: DATA } });
    expect(await post(gateway, { query: REFORMATTED, variables })).toEqual({
      status: 200,
      body: { data: DATA },
    });
  });

  it('refuses any other operation with 403 QUERY_NOT_IN_SAFELIST, without calling a subgraph', async () => {
    const before = catalogCalls();

    const answer = await post(gateway, { query: UNTRUSTED, extensions: persisted(UNTRUSTED) });

    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_NOT_IN_SAFELIST',
      queryHash: sha256Hex(UNTRUSTED),
    });
    expect(catalogCalls()).toBe(before);
    // Nor was it registered as a persisted query on the way.
    const byHash = await post(gateway, { extensions: persisted(UNTRUSTED) });
    expect(byHash.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('serves a trusted document by its hash alone, never registered before', async () => {
    const answer = await post(gateway, { extensions: persisted(TRUSTED), variables: { id: 'p1' } });
    expect(answer).toEqual({ status: 200, body: { data: DATA } });
  });
});

describe('trusted documents in report mode', () => {
  it('serves an unknown operation and logs it once', async () => {
    const { log, lines } = capturedLogger();
    const gateway = await start('report', log);

    const answers = [await post(gateway, { query: UNTRUSTED }), await post(gateway, { query: UNTRUSTED })];

    expect(answers.map((answer) => answer.body)).toEqual([
      { data: { product: { sku: 'KT-1' } } },
      { data: { product: { sku: 'KT-1' } } },
    ]);
    const reports = lines.filter((line) => line.queryHash === sha256Hex(UNTRUSTED));
    expect(reports).toEqual([expect.objectContaining({ level: 40, operationName: 'ProductSku' })]);
  });
});

describe('trusted documents switched on without documents', () => {
  it('stops start-up, naming what is missing', async () => {
    await expect(
      startGateway(loadGatewayConfig({ TRUSTED_DOCUMENTS: 'enforce', PORT: '0' }), {
        supergraphSdl: federation.supergraphSdl,
        log: silentLogger(),
      }),
    ).rejects.toThrow(/Trusted documents are in enforce mode, but none were given/);
  });
});
