import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSubgraphSettings } from '../../../../gateway/src/config/upstream-config.js';
import type { SubgraphCallContext, UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { createSubgraphPool } from '../../../../gateway/src/upstream/subgraph-pool.js';
import { UndiciSubgraphClient } from '../../../../gateway/src/upstream/undici-subgraph-client.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../../helpers/fault-subgraph.js';

const MAX_BYTES = 64 * 1024;
const query = { query: '{ product(id: "p1") { id name } }' };

let fake: FaultSubgraph;
let downed: FaultSubgraph;
let client: UndiciSubgraphClient;
let closePools: () => Promise<void>;

function callContext(overrides: Partial<SubgraphCallContext> = {}): SubgraphCallContext {
  return { operationKind: 'query', signal: new AbortController().signal, ...overrides };
}

beforeAll(async () => {
  fake = await startFaultSubgraph({
    respond: () => ({ data: { product: { id: 'p1', name: 'Kettle' } } }),
  });
  // A port that was just listening and is now closed: connections to it are refused.
  downed = await startFaultSubgraph({ respond: () => ({ data: {} }) });
  await downed.down();
  const pool = createSubgraphPool(fake.url, defaultSubgraphSettings);
  const downedPool = createSubgraphPool(downed.url, defaultSubgraphSettings);
  closePools = async () => {
    await Promise.all([pool.close(), downedPool.close()]);
  };
  client = new UndiciSubgraphClient({
    products: { url: fake.url, dispatcher: pool, maxResponseBytes: MAX_BYTES },
    nowhere: { url: downed.url, dispatcher: downedPool, maxResponseBytes: MAX_BYTES },
  });
});

afterEach(() => fake.reset());

afterAll(async () => {
  await closePools();
  await fake.close();
});

describe('UndiciSubgraphClient', () => {
  it('posts the request as JSON and resolves with the parsed GraphQL response', async () => {
    const response = await client.call('products', query, callContext());

    expect(response).toEqual({ data: { product: { id: 'p1', name: 'Kettle' } } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body).toEqual(query);
  });

  it('sends the correlation id, traceparent, remaining budget, accepted encodings and forwarded headers', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await client.call(
      'products',
      query,
      callContext({
        requestId: 'req-42',
        traceparent,
        deadline: Date.now() + 60_000,
        headers: { 'X-Tenant': 'acme', 'Content-Type': 'text/evil' },
      }),
    );

    const headers = fake.requests[0]!.headers;
    expect(headers['x-request-id']).toBe('req-42');
    expect(headers.traceparent).toBe(traceparent);
    expect(Number(headers['x-request-budget-ms'])).toBeGreaterThan(0);
    expect(Number(headers['x-request-budget-ms'])).toBeLessThanOrEqual(60_000);
    expect(headers['accept-encoding']).toBe('gzip');
    expect(headers['x-tenant']).toBe('acme');
    expect(headers['content-type']).toBe('application/json');
  });

  it('decompresses a gzipped answer', async () => {
    fake.script({ kind: 'oversized', bytes: 1_000, gzip: true });

    const response = await client.call('products', query, callContext());

    expect((response.data as { padding: string }).padding).toHaveLength(1_000);
  });

  it('reports a refused connection as SUBGRAPH_UNREACHABLE', async () => {
    await expect(client.call('nowhere', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_UNREACHABLE',
      subgraph: 'nowhere',
    });
  });

  it('reports a connection reset before any answer as SUBGRAPH_UNREACHABLE', async () => {
    fake.script({ kind: 'reset' });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_UNREACHABLE',
    });
  });

  it('reports a non-2xx answer as SUBREQUEST_HTTP_ERROR with the status and the first bytes of the body', async () => {
    fake.script({ kind: 'status', status: 500, body: `boom ${'!'.repeat(2_000)}` });

    const failure = client.call('products', query, callContext());

    await expect(failure).rejects.toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
      details: { httpStatus: 500 },
    });
    const error = (await failure.catch((caught: unknown) => caught)) as UpstreamError;
    expect(error.details.bodySnippet?.startsWith('boom !')).toBe(true);
    expect(error.details.bodySnippet).toHaveLength(512);
  });

  it('keeps the GraphQL errors of a non-2xx answer that carries a GraphQL body', async () => {
    const errors = [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }];
    fake.script({ kind: 'status', status: 403, body: { errors } });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
      details: { httpStatus: 403, response: { errors } },
    });
  });

  it('passes on Retry-After of a 429 or 503 answer in milliseconds', async () => {
    fake.script({ kind: 'status', status: 429, retryAfter: '2' });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      details: { httpStatus: 429, retryAfterMs: 2_000 },
    });
  });

  it('reports malformed JSON as SUBGRAPH_BAD_RESPONSE', async () => {
    fake.script({ kind: 'malformed' });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_BAD_RESPONSE',
      details: { httpStatus: 200, bodySnippet: '{"data": {"oops": tru' },
    });
  });

  it('reports JSON that is not a GraphQL response as SUBGRAPH_BAD_RESPONSE', async () => {
    fake.script({ kind: 'status', status: 200, body: { result: 'not graphql' } });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_BAD_RESPONSE',
    });
  });

  it('reports a connection cut mid-body as SUBGRAPH_BAD_RESPONSE', async () => {
    fake.script({ kind: 'cut' });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_BAD_RESPONSE',
      details: { httpStatus: 200 },
    });
  });

  it('stops reading a body larger than the limit and reports SUBGRAPH_BAD_RESPONSE, marked oversized', async () => {
    fake.script({ kind: 'oversized', bytes: MAX_BYTES * 4 });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_BAD_RESPONSE',
      details: { oversized: true },
    });
  });

  it('applies the size limit to the decompressed body, so a small gzip bomb is refused', async () => {
    fake.script({ kind: 'oversized', bytes: MAX_BYTES * 50, gzip: true });

    await expect(client.call('products', query, callContext())).rejects.toMatchObject({
      code: 'SUBGRAPH_BAD_RESPONSE',
      details: { oversized: true },
    });
  });

  it('aborts the request when its signal aborts, with the code the abort reason carries', async () => {
    fake.script({ kind: 'hang' });
    const controller = new AbortController();
    const call = client.call('products', query, callContext({ signal: controller.signal }));
    await waitUntil(() => fake.requests.length === 1);

    controller.abort(Object.assign(new Error('attempt timed out'), { code: 'GATEWAY_TIMEOUT' }));

    await expect(call).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT' });
    await waitUntil(() => fake.abandoned === 1);
  });

  it('rejects a call to a subgraph it does not know without sending anything', async () => {
    await expect(client.call('reviews', query, callContext())).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(fake.requests).toHaveLength(0);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
