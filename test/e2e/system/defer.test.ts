import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  DEFER_ACCEPT,
  type IncrementalPayload,
  mergeIncremental,
  parseMultipart,
} from '../../helpers/multipart.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// The catalog as an operator runs it: three subgraph processes (memory storage, seeded) and
// gateway processes over HTTP. Inventory is reached through a fault proxy, to fail or hang it.
const PRODUCTION_LIKE = { NODE_ENV: undefined, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0' };
const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;
// One failed call is one error, never retried or cut short by a breaker: answers stay comparable.
// Deadlines far beyond every bounded wait of these tests: a call that ends sooner ended for another
// reason (a client's shorter x-request-timeout-ms, or its going away).
const UPSTREAM = {
  REQUEST_TIMEOUT_MS: '120000',
  REQUEST_TIMEOUT_MAX_MS: '120000',
  UPSTREAM_TIMEOUT_MS: '120000',
  UPSTREAM_RETRY_MAX_ATTEMPTS: '0',
  UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '0',
  UPSTREAM_BREAKER_FAILURE_RATE: '0',
};
const DEFERRED_OPERATION = readFileSync(
  join(import.meta.dirname, '../../../schema/operations/product-detail-deferred.graphql'),
  'utf8',
);

const processes: TsxProcess[] = [];
const urls: Record<string, string> = {};
let inventory: FaultSubgraph;
let pricing: FaultSubgraph;
let gateway: string;
let trustedGateway: string;

async function startSubgraph(name: string): Promise<string> {
  const subgraph = startTsxProcess(`subgraphs/${name}/main.ts`, {
    ...PRODUCTION_LIKE,
    STORAGE: 'memory',
    REDIS_URL: undefined,
    SUBGRAPH_SIGNING_SECRET: undefined,
  });
  processes.push(subgraph);
  const [, url] = await subgraph.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage"/, 60_000);
  return (url as string).replace('localhost', '127.0.0.1');
}

async function startGatewayProcess(env: Record<string, string> = {}): Promise<string> {
  const process = startTsxProcess('gateway/src/main.ts', {
    ...PRODUCTION_LIKE,
    ...UPSTREAM,
    SUPERGRAPH_PATH: undefined,
    SUBGRAPH_URLS: undefined,
    REDIS_URL: undefined,
    SUBGRAPH_SIGNING_SECRET: undefined,
    SUBGRAPH_URL_PRODUCT: urls.product,
    SUBGRAPH_URL_INVENTORY: inventory.url,
    SUBGRAPH_URL_PRICING: pricing.url,
    ...env,
  });
  processes.push(process);
  const [, port] = await process.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/, 60_000);
  return `http://127.0.0.1:${port}/graphql`;
}

beforeAll(async () => {
  const started = await Promise.all(SUBGRAPHS.map(startSubgraph));
  SUBGRAPHS.forEach((name, index) => {
    urls[name] = started[index] as string;
  });
  inventory = await startFaultSubgraph({ target: urls.inventory as string });
  pricing = await startFaultSubgraph({ target: urls.pricing as string });
  [gateway, trustedGateway] = await Promise.all([
    startGatewayProcess(),
    startGatewayProcess({
      TRUSTED_DOCUMENTS: 'enforce',
      MAX_BODY_BYTES: '4000',
      // A client named by its key header has a bucket of its own, which one test empties.
      RATE_LIMIT_KEY_HEADER: 'x-api-key',
      RATE_LIMIT_BURST: '3',
      RATE_LIMIT_PER_SECOND: '0.001',
    }),
  ]);
  for (const url of [gateway, trustedGateway]) {
    await waitUntil(
      () => fetch(url.replace('/graphql', '/readyz')).then((response) => response.status),
      (status) => status === 200,
      { timeoutMs: 30_000, what: 'the gateway to become ready' },
    );
  }
}, 180_000);

afterEach(() => {
  inventory.reset();
  pricing.reset();
});

afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
  await inventory?.close();
  await pricing?.close();
});

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function post(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

/** The operation sent twice: with the multipart Accept (parsed parts) and without (one JSON answer). */
async function bothWays(query: string, variables: Record<string, unknown> = {}) {
  const streamed = await post(gateway, { query, variables }, { accept: DEFER_ACCEPT });
  const whole = await post(gateway, { query, variables });
  expect(streamed.status).toBe(200);
  expect(streamed.contentType).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
  expect(whole.contentType).toMatch(/^application\/json/);
  return { payloads: parseMultipart(streamed.text), whole: JSON.parse(whole.text) as IncrementalPayload };
}

/** Every payload but the last says more follows; the last says nothing does; only the first holds `data`. */
function expectWellFormed(payloads: readonly IncrementalPayload[]): void {
  expect(payloads.length).toBeGreaterThan(1);
  payloads.forEach((payload, index) => {
    expect(payload.hasNext).toBe(index < payloads.length - 1);
    if (index === 0) expect(payload).toHaveProperty('data');
    else expect(payload).not.toHaveProperty('data');
  });
}

/**
 * Errors as comparable text, stack traces aside (they tell where each was raised; whether there is
 * one is checked): deferred parts' errors are formatted like the first answer's.
 */
/** A rate-limit bucket of its own for a request to the trusted gateway (its buckets are small). */
const ownBucket = () => ({ 'x-api-key': randomUUID() });

const byText = (errors: readonly GraphQLFormattedError[]) =>
  errors
    .map((error) => {
      const { stacktrace, ...extensions } = error.extensions ?? {};
      return JSON.stringify({
        ...error,
        extensions: { ...extensions, stacktrace: Array.isArray(stacktrace) },
      });
    })
    .sort();

describe('@defer through the gateway process', { timeout: 60_000 }, () => {
  it('streams the product page: first the primary fields, then each labelled part at the product', async () => {
    const { payloads, whole } = await bothWays(DEFERRED_OPERATION, { id: 'p-0001' });

    expectWellFormed(payloads);
    const first = payloads[0] as IncrementalPayload;
    expect(Object.keys(first.data?.product as object)).toEqual(['id', 'name', 'price']);
    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    expect(entries.map((entry) => [entry.label, entry.path]).sort()).toEqual([
      ['shipping', ['product']],
      ['stock', ['product']],
    ]);
    expect(Object.keys(entries.find((entry) => entry.label === 'stock')?.data ?? {})).toEqual([
      'inventory',
      'inStock',
    ]);
    const merged = mergeIncremental(payloads);
    expect(merged.errors).toEqual([]);
    expect(merged.data).toEqual(whole.data);
  });

  it.each([
    [
      'list paths, one entry per item',
      '{ products(first: 4) { id name ... @defer(label: "offer") { price { amount currency } inventory { available } } } }',
    ],
    [
      'a deferred fragment nested in another, below a list inside it',
      `{ products(first: 3) { id ... @defer(label: "outer") { name inventory { warehouses { warehouse
          ... @defer(label: "inner") { available reserved } } } } } }`,
    ],
    [
      'root fields deferred, with entity jumps inside',
      '{ warehouses ... @defer(label: "late") { product(id: "p-0002") { name price { amount } inStock } } }',
    ],
    [
      'a named fragment spread deferred, its fields from two subgraphs besides the parent one',
      `query Named { products(first: 2) { id ...Heavy @defer } }
       fragment Heavy on Product { weightGrams shippingEstimate { amount } inventory { onHand } }`,
    ],
  ])('merging every part gives the non-deferred answer: %s', async (_, query) => {
    const { payloads, whole } = await bothWays(query);

    expectWellFormed(payloads);
    const merged = mergeIncremental(payloads);
    expect(merged.errors).toEqual(whole.errors ?? []);
    expect(merged.data).toEqual(whole.data);
  });

  it('delivers list items at their index paths, each with the label', async () => {
    const { payloads } = await bothWays(
      '{ products(first: 3) { id ... @defer(label: "offer") { price { amount } } } }',
    );

    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    expect(entries.map((entry) => entry.path)).toEqual([
      ['products', 0],
      ['products', 1],
      ['products', 2],
    ]);
    expect(new Set(entries.map((entry) => entry.label))).toEqual(new Set(['offer']));
  });

  it('delivers a nested deferred part after the part it sits in', async () => {
    const { payloads } = await bothWays(
      '{ product(id: "p-0001") { id ... @defer(label: "outer") { inventory { available ... @defer(label: "inner") { onHand } } } } }',
    );

    const labels = payloads
      .slice(1)
      .flatMap((payload) => (payload.incremental ?? []).map((entry) => entry.label));
    expect(labels).toEqual(['outer', 'inner']);
  });

  it('reports a failing subgraph in the deferred parts that need it: merged, the non-deferred answer', async () => {
    pricing.setFault({ kind: 'status', status: 503, body: 'pricing is down' });

    const { payloads, whole } = await bothWays(
      '{ products(first: 3) { id name ... @defer(label: "offer") { price { amount } inventory { available } } } }',
    );

    expectWellFormed(payloads);
    expect((payloads[0] as IncrementalPayload).errors).toBeUndefined();
    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    expect(entries.map((entry) => entry.errors?.map((error) => error.path))).toEqual([
      [['products', 0, 'price']],
      [['products', 1, 'price']],
      [['products', 2, 'price']],
    ]);
    const merged = mergeIncremental(payloads);
    expect(merged.data).toEqual(whole.data);
    expect(byText(merged.errors)).toEqual(byText(whole.errors ?? []));
  });

  it('stops a non-null failure at the deferred fragment: its data is null, the primary part stays', async () => {
    inventory.setFault({ kind: 'status', status: 503, body: 'inventory is down' });

    const { payloads, whole } = await bothWays(DEFERRED_OPERATION, { id: 'p-0001' });

    expectWellFormed(payloads);
    const first = payloads[0] as IncrementalPayload;
    expect(first.errors).toBeUndefined();
    expect(first.data?.product).toMatchObject({ id: 'p-0001' });
    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    const stock = entries.find((entry) => entry.label === 'stock');
    expect(stock?.errors?.length).toBeGreaterThan(0);
    // Both fields of the part that inventory resolves fail; nothing else does.
    expect(new Set(stock?.errors?.map((error) => error.path?.join('.')))).toEqual(
      new Set(['product.inventory', 'product.inStock']),
    );
    for (const error of stock?.errors ?? []) expect(error.extensions?.serviceName).toBe('inventory');
    expect(stock?.data).toBeNull();
    expect(entries.find((entry) => entry.label === 'shipping')?.errors).toBeUndefined();
    // Without @defer the same non-null errors null the whole (nullable) product.
    const merged = mergeIncremental(payloads);
    expect(whole.data).toEqual({ product: null });
    expect(Object.keys(merged.data?.product as object)).toEqual(['id', 'name', 'price', 'shippingEstimate']);
    expect(byText(merged.errors)).toEqual(byText(whole.errors ?? []));
  });

  it('sends the primary part while a deferred part still waits, which then ends with its deadline error', async () => {
    inventory.setFault({ kind: 'hang' });
    const response = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: DEFER_ACCEPT, 'x-request-timeout-ms': '3000' },
      body: JSON.stringify({ query: DEFERRED_OPERATION, variables: { id: 'p-0001' } }),
      signal: AbortSignal.timeout(30_000),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The first part is complete once the boundary after it arrived.
    while ((text.match(/\r\n---/g) ?? []).length < 2) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    // The client reads the primary part while inventory still holds the deferred part's request
    // (it never answers: only the request's deadline ends that part).
    expect(parseMultipart(`${text.slice(0, text.lastIndexOf('\r\n---'))}\r\n-----\r\n`)).toEqual([
      expect.objectContaining({
        hasNext: true,
        data: expect.objectContaining({ product: expect.anything() }),
      }),
    ]);
    await waitUntil(
      () => inventory.requests.length,
      (count) => count === 1,
      { timeoutMs: 30_000, what: 'the deferred part to reach inventory' },
    );
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    const payloads = parseMultipart(text);
    expectWellFormed(payloads);
    expect((payloads[0] as IncrementalPayload).data?.product).toMatchObject({ id: 'p-0001' });
    const stock = payloads
      .flatMap((payload) => payload.incremental ?? [])
      .find((entry) => entry.label === 'stock');
    expect(stock?.errors?.length).toBeGreaterThan(0);
    expect(stock?.errors?.[0]?.path?.[0]).toBe('product');
    expect(stock?.errors?.[0]?.extensions?.serviceName).toBe('inventory');
  });

  it('stops the deferred fetches of a client that goes away after the first part', async () => {
    inventory.setFault({ kind: 'hang' });
    const controller = new AbortController();
    const response = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: DEFER_ACCEPT },
      body: JSON.stringify({ query: DEFERRED_OPERATION, variables: { id: 'p-0001' } }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await waitUntil(
      () => inventory.requests.length,
      (count) => count === 1,
      { timeoutMs: 30_000, what: 'the deferred part to reach inventory' },
    );

    controller.abort();

    // The gateway gives up the upstream call, long before any deadline could end it.
    await waitUntil(
      () => inventory.abandoned,
      (count) => count === 1,
      { timeoutMs: 20_000, what: 'the gateway to abandon the deferred call' },
    );
  });

  it('answers at once when `if` turns deferral off, with a literal or a variable', async () => {
    const query = `query Off($on: Boolean!) { product(id: "p-0001") { id
      ... @defer(if: false) { name } ... @defer(if: $on) { inventory { available } } } }`;
    const streamed = await post(gateway, { query, variables: { on: false } }, { accept: DEFER_ACCEPT });
    const whole = await post(gateway, { query, variables: { on: false } });

    expect(streamed.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(streamed.text)).toEqual(JSON.parse(whole.text));
    expect(JSON.parse(streamed.text).data.product).toHaveProperty('inventory');
  });

  it("puts the plan, in Apollo's Defer shape, in the first part when asked for it", async () => {
    const answer = await post(
      gateway,
      { query: DEFERRED_OPERATION, variables: { id: 'p-0001' } },
      { accept: DEFER_ACCEPT, 'apollo-expose-query-plan': 'true' },
    );

    const [first] = parseMultipart(answer.text);
    const plan = first?.extensions?.apolloQueryPlan as {
      object: { node: Record<string, unknown> };
      text: string;
    };
    expect(plan.object.node).toMatchObject({
      kind: 'Defer',
      // Product, then pricing for the price: the primary part's own waves.
      primary: { node: { kind: 'Sequence' } },
      deferred: expect.arrayContaining([
        expect.objectContaining({ label: 'stock', queryPath: ['product'], depends: [] }),
        expect.objectContaining({ label: 'shipping', queryPath: ['product'], depends: [] }),
      ]),
    });
    expect(plan.text).toContain('Deferred(id: 1, after: 0, path: "product", label: "stock")');
  });

  it('gives a client without the multipart Accept the whole answer in one JSON body', async () => {
    const whole = await post(gateway, { query: DEFERRED_OPERATION, variables: { id: 'p-0001' } });

    expect(whole.contentType).toMatch(/^application\/json/);
    const answer = JSON.parse(whole.text) as IncrementalPayload;
    expect(answer).not.toHaveProperty('hasNext');
    expect(answer.data?.product).toHaveProperty('inventory');
    expect(answer.data?.product).toHaveProperty('shippingEstimate');
  });
});

describe('@defer validation', { timeout: 60_000 }, () => {
  it('refuses @defer on a mutation root field, as the incremental delivery RFC says', async () => {
    const answer = await post(
      gateway,
      {
        query: 'mutation { ... @defer { reserveStock(input: { productId: "p-0001", quantity: 1 }) { id } } }',
      },
      { accept: DEFER_ACCEPT },
    );

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors).toContainEqual(
      expect.objectContaining({
        message: 'Defer directive cannot be used on root mutation type "Mutation".',
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      }),
    );
  });

  it('refuses @stream with a message saying lists are returned whole', async () => {
    const answer = await post(gateway, { query: '{ warehouses @stream }' }, { accept: DEFER_ACCEPT });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors.map((error: { message: string }) => error.message)).toContain(
      'The @stream directive is not supported: this gateway returns lists whole. Use @defer on a fragment to deliver part of a response later.',
    );
  });
});

describe('admission of multipart requests', { timeout: 60_000 }, () => {
  it('streams a trusted deferred operation under enforced trusted documents', async () => {
    const answer = await post(
      trustedGateway,
      { query: DEFERRED_OPERATION, variables: { id: 'p-0001' } },
      { accept: DEFER_ACCEPT, ...ownBucket() },
    );

    expect(answer.contentType).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    expectWellFormed(parseMultipart(answer.text));
  });

  it('refuses an untrusted document with the same error as without multipart', async () => {
    const body = { query: '{ product(id: "p-0001") { id ... @defer { name } } }' };
    const streamed = await post(trustedGateway, body, { accept: DEFER_ACCEPT, ...ownBucket() });
    const plain = await post(trustedGateway, body, ownBucket());

    expect(streamed.status).toBe(plain.status);
    expect(streamed.status).toBeGreaterThanOrEqual(400);
    expect(streamed.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(streamed.text)).toEqual(JSON.parse(plain.text));
  });

  it('refuses a client over its rate limit with 429, as without multipart', async () => {
    const body = { query: DEFERRED_OPERATION, variables: { id: 'p-0001' } };
    const headers = { accept: DEFER_ACCEPT, 'x-api-key': 'greedy-client' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1)
      statuses.push((await post(trustedGateway, body, headers)).status);

    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await post(trustedGateway, body, headers);
    expect(refused.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('refuses an oversized body with 413 before anything runs', async () => {
    const body = { query: DEFERRED_OPERATION, variables: { id: 'p-0001', padding: 'x'.repeat(5000) } };
    const answer = await post(trustedGateway, body, { accept: DEFER_ACCEPT, ...ownBucket() });

    expect(answer.status).toBe(413);
    expect(answer.contentType).toMatch(/^application\/json/);
  });

  it('refuses a GET that could be a cross-site request (CSRF prevention) on the multipart path too', async () => {
    const search = new URLSearchParams({ query: '{ product(id: "p-0001") { id ... @defer { name } } }' });
    const response = await fetch(`${gateway}?${search}`, {
      headers: { accept: DEFER_ACCEPT },
      signal: AbortSignal.timeout(30_000),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toMatch(/cross-site request forgery/i);
  });

  it('streams the same GET when it carries the preflight header', async () => {
    const search = new URLSearchParams({ query: '{ product(id: "p-0001") { id ... @defer { name } } }' });
    const response = await fetch(`${gateway}?${search}`, {
      headers: { accept: DEFER_ACCEPT, 'apollo-require-preflight': 'true' },
      signal: AbortSignal.timeout(30_000),
    });

    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    const payloads = parseMultipart(await response.text());
    expect(mergeIncremental(payloads).data).toEqual({ product: { id: 'p-0001', name: expect.any(String) } });
  });
});
