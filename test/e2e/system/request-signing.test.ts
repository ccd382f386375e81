import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signRequest } from '../../../platform/signing/request-signature.js';
import { fetchSubgraphSdl } from '../../../scripts/schema-check/fetch-subgraph-sdl.js';
import { startRedisServer, type TestRedisServer, uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// Real processes as an operator runs them: NODE_ENV unset, Redis shared, secrets from the environment.
const SECRET = randomBytes(32).toString('hex');
const PREVIOUS_SECRET = randomBytes(32).toString('hex');
const PRODUCTION_LIKE = { NODE_ENV: undefined, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
const QUERY = JSON.stringify({ query: '{ product(id: "p-0001") { id } }' });

let redis: TestRedisServer;
let namespace: string;
let product: TsxProcess;
let productUrl: string;
const processes: TsxProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  namespace = uniqueRedisNamespace('signing');
  product = startTsxProcess('subgraphs/product/main.ts', {
    ...PRODUCTION_LIKE,
    STORAGE: 'redis',
    REDIS_URL: redis.url,
    REDIS_NAMESPACE: namespace,
    SUBGRAPH_SIGNING_SECRET: SECRET,
    SUBGRAPH_SIGNING_SECRET_PREVIOUS: PREVIOUS_SECRET,
    // Its ready line (with its URL) is logged at info.
    LOG_LEVEL: 'info',
  });
  processes.push(product);
  const [, url] = await product.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage"/, 60_000);
  productUrl = url!.replace('localhost', '127.0.0.1');
  await waitUntil(
    () => fetch(productUrl.replace('/graphql', '/readyz')).then((response) => response.status),
    (status) => status === 200,
    { timeoutMs: 30_000, what: 'the product subgraph to become ready' },
  );
}, 90_000);

afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
  await redis.stop();
});

/** POSTs `body` to the product subgraph with these extra headers. */
async function post(body: string, headers: Record<string, string> = {}) {
  const answer = await request(productUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

const signed = (body: string, secret = SECRET, timestamp = Date.now()) => ({
  [SIGNATURE_HEADER]: signRequest({ method: 'POST', path: '/graphql', body }, secret, timestamp),
});

describe('a subgraph with a signing secret', () => {
  it('refuses an unsigned request with 401 and says what is missing', async () => {
    const answer = await post(QUERY);

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errors: [
        {
          message: `Request refused: the ${SIGNATURE_HEADER} header is missing.`,
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
  });

  it('serves a request signed with the current secret, or the previous one while keys rotate', async () => {
    for (const secret of [SECRET, PREVIOUS_SECRET]) {
      const answer = await post(QUERY, signed(QUERY, secret));

      expect(answer).toEqual({ status: 200, body: { data: { product: { id: 'p-0001' } } } });
    }
  });

  it('refuses a replay inside the window, the nonce being remembered in Redis for every instance', async () => {
    const headers = signed(QUERY);
    expect((await post(QUERY, headers)).status).toBe(200);

    const replay = await post(QUERY, headers);

    expect(replay.status).toBe(401);
    expect(JSON.stringify(replay.body)).toMatch(/already served once \(a replay\)/);
    const nonce = /n=([^,]+)/.exec(headers[SIGNATURE_HEADER])?.[1];
    const direct = new Redis(redis.url);
    try {
      expect(await direct.pttl(`${namespace}:signature-nonces:${nonce}`)).toBeGreaterThan(30_000);
    } finally {
      direct.disconnect();
    }
  });

  it('refuses a signature older than the window', async () => {
    const answer = await post(QUERY, signed(QUERY, SECRET, Date.now() - 31_000));

    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).toMatch(/s behind this server's clock; at most 30 s are accepted/);
  });

  it('refuses a signed request whose body was swapped', async () => {
    const greedy = JSON.stringify({ query: '{ products(first: 100) { id name description } }' });

    const answer = await post(greedy, signed(QUERY));

    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).toMatch(/does not match/);
  });

  it('keeps /healthz and /readyz open to probes without a signature', async () => {
    for (const path of ['/healthz', '/readyz'])
      expect((await fetch(productUrl.replace('/graphql', path))).status).toBe(200);
  });

  it('refuses 300 aliased product lists even when signed, with its own alias limit', async () => {
    const wide = JSON.stringify({
      query: `{ ${Array.from({ length: 300 }, (_, i) => `p${i}: products(first: 100) { id }`).join(' ')} }`,
    });

    const answer = await post(wide, signed(wide));

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: [{ extensions: { code: 'OPERATION_TOO_MANY_ALIASES', limit: 200, measured: 300 } }],
    });
  });

  it('answers schema:check with the secret, and tells how to fix it without', async () => {
    await expect(fetchSubgraphSdl(productUrl, { signingSecret: SECRET })).resolves.toMatch(/type Product/);
    await expect(fetchSubgraphSdl(productUrl, { signingSecret: '' })).rejects.toThrow(
      /answered HTTP 401 \(it verifies request signatures: set SUBGRAPH_SIGNING_SECRET to its secret\)/,
    );
  });
});

describe('a gateway with the same secret', () => {
  it('composes from the subgraph and serves through it, signing every request', async () => {
    const gateway = startTsxProcess('gateway/src/main.ts', {
      ...PRODUCTION_LIKE,
      LOG_LEVEL: 'info',
      SUPERGRAPH_PATH: undefined,
      REDIS_URL: undefined,
      SUBGRAPH_URLS: `product=${productUrl}`,
      SUBGRAPH_SIGNING_SECRET: SECRET,
    });
    processes.push(gateway);
    const [, port] = await gateway.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/, 60_000);

    const answer = await request(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ a: product(id: "p-0001") { id } b: product(id: "p-0002") { id } }' }),
    });

    expect(await answer.body.json()).toEqual({ data: { a: { id: 'p-0001' }, b: { id: 'p-0002' } } });
  }, 90_000);

  it('without the secret, stops at start-up naming the subgraph that refused it', async () => {
    const gateway = startTsxProcess('gateway/src/main.ts', {
      ...PRODUCTION_LIKE,
      SUPERGRAPH_PATH: undefined,
      REDIS_URL: undefined,
      SUBGRAPH_URLS: `product=${productUrl}`,
      SUBGRAPH_SIGNING_SECRET: undefined,
    });
    processes.push(gateway);

    expect(await gateway.exited).toBe(1);
    expect(gateway.output().stderr).toMatch(/subgraph "product" .*x-hexagraph-signature header is missing/);
  }, 90_000);
});

describe('a subgraph in production mode', () => {
  it('refuses to start without a signing secret, naming the variable', async () => {
    const pricing = startTsxProcess('subgraphs/pricing/main.ts', {
      ...PRODUCTION_LIKE,
      NODE_ENV: 'production',
      STORAGE: 'memory',
      SUBGRAPH_SIGNING_SECRET: undefined,
    });
    processes.push(pricing);

    expect(await pricing.exited).toBe(1);
    expect(pricing.output().stderr).toMatch(/SUBGRAPH_SIGNING_SECRET: required when NODE_ENV=production/);
  }, 90_000);
});
