import { request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { defaultOperationLimits } from '../../../gateway/src/config/security-config.js';
import type { RequestContext } from '../../../gateway/src/request/request-context.js';
import { createRateLimiter } from '../../../gateway/src/security/create-rate-limiter.js';
import { type GatewayDeps, type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { createUpstream, type Upstream } from '../../../gateway/src/upstream/create-upstream.js';
import { silentLogger } from '../../../platform/logger.js';
import { capturedLogger } from '../../helpers/captured-logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

// The catalog caps pages at 100, as the product subgraph does.
const CATALOG_SDL = `${federationLink(['@key'])}
  type Query { ping: String! product(id: ID!): Product products(first: Int = 10): [Product!]! }
  type Product @key(fields: "id") { id: ID! name: String! related(first: Int = 10): [Product!]! }`;
const STOCK_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! qty: Int! }`;

const page = (first: number, prefix: string) =>
  Array.from({ length: Math.min(Math.max(first, 0), 100) }, (_, i) => ({ id: `${prefix}${i}` }));

const HEALTHY = '{ product(id: "p1") { name qty } }';
const HEALTHY_DATA = { product: { name: 'Product p1', qty: 2 } };
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

let federation: RunningFederation;
let gateway: RunningGateway;
let endpoint: URL;
/** Operation texts that reached Apollo Server (and so its parser), for proving a refusal came first. */
const reachedApollo: string[] = [];

const recordArrivals: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ request }) {
    if (request.query !== undefined) reachedApollo.push(request.query);
  },
};

/**
 * The gateway under attack: production hardening at the defaults, except a short body timeout
 * (the slow-loris test need not wait 10 s) and room in MAX_DOCUMENT_BYTES for the 100,000-level
 * document, so that the nesting check, not the size check, is the one that refuses it.
 */
const HOSTILE_ENV = { NODE_ENV: 'production', BODY_TIMEOUT_MS: '2000', MAX_DOCUMENT_BYTES: '300000' };

/** A gateway beside the one under attack, for settings the attacks must not share (rate limits). */
async function startVariant(
  environment: Record<string, string>,
  deps: Partial<GatewayDeps> = {},
): Promise<RunningGateway> {
  return startGateway(loadGatewayConfig({ ...environment, PORT: '0', HOST: '127.0.0.1' }), {
    supergraphSdl: federation.supergraphSdl,
    log: silentLogger(),
    ...deps,
  });
}

/** Sends raw bytes (or chunks, written one by one) to the gateway and parses its JSON answer. */
function send(
  body: Buffer | string | readonly (Buffer | string)[],
  headers: Record<string, string | number> = { 'content-type': 'application/json' },
  between: () => Promise<void> = async () => {},
  target: URL = endpoint,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target,
      {
        method: 'POST',
        headers: { accept: 'application/json', ...headers },
        signal: AbortSignal.timeout(25_000),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
          } catch {
            reject(new Error(`HTTP ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    // The gateway may answer (413, 408) and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const pieces = typeof body === 'string' || Buffer.isBuffer(body) ? [body] : body;
    (async () => {
      for (const piece of pieces) {
        if (req.destroyed) return;
        req.write(piece);
        await between();
      }
      req.end();
    })().catch(reject);
  });
}

const post = (payload: unknown) => send(JSON.stringify(payload));
const healthy = () => post({ query: HEALTHY });

/** Runs an attack with a healthy request beside it; the healthy one must be served normally. */
async function alongside(attack: () => Promise<Answer>): Promise<Answer> {
  const [hostile, served] = await Promise.all([attack(), healthy()]);
  expect(served).toMatchObject({ status: 200, body: { data: HEALTHY_DATA } });
  expect(served.body.errors).toBeUndefined();
  return hostile;
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('gateway under hostile input', () => {
  const gc = collectGarbage();

  beforeAll(async () => {
    federation = await startFixtureSubgraphs('hostile-input', [
      {
        name: 'catalog',
        sdl: CATALOG_SDL,
        resolvers: {
          Query: {
            ping: () => 'pong',
            product: (_: unknown, args: { id: string }) => ({ id: args.id }),
            products: (_: unknown, args: { first: number }) => page(args.first, 'p'),
          },
          Product: {
            name: (product: { id: string }) => `Product ${product.id}`,
            related: (product: { id: string }, args: { first: number }) => page(args.first, `${product.id}-`),
          },
        },
      },
      {
        name: 'stock',
        sdl: STOCK_SDL,
        resolvers: {
          Product: {
            __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
            qty: (product: { id: string }) => product.id.length,
          },
        },
      },
    ]);
    gateway = await startVariant(HOSTILE_ENV, { plugins: [recordArrivals] });
    endpoint = new URL(gateway.url.replace('localhost', '127.0.0.1'));
    expect(await healthy()).toMatchObject({ status: 200, body: { data: HEALTHY_DATA } });
  });

  afterAll(async () => {
    await gateway?.close();
    await federation?.close();
  });

  it('refuses an operation nested 1,000 levels deep', async () => {
    const query = `{ product(id: "p1") { ${'related { '.repeat(1_000)}name${' }'.repeat(1_000)} } }`;
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    // Its brackets alone are over MAX_NESTING, so it never reaches the parser.
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_DEEP',
      limit: defaultOperationLimits.maxNesting,
    });
  });

  it('refuses an operation one field deeper than MAX_DEPTH, after parsing, with the exact depth', async () => {
    const levels = defaultOperationLimits.maxDepth - 1;
    const query = `{ product(id: "p1") { ${'related { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_DEEP',
      limit: defaultOperationLimits.maxDepth,
      measured: defaultOperationLimits.maxDepth + 1,
    });
  });

  it('refuses 10,000 aliases of a cheap root field', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i.toString(36)}:ping`).join(' ');
    const answer = await alongside(() => post({ query: `{ ${aliases} }` }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_ALIASES',
      measured: 10_000,
    });
  });

  it('refuses 10,000 aliases of a field that needs a subgraph fetch, without fetching', async () => {
    const before = federation.requestCounts().stock ?? 0;
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i.toString(36)}:qty`).join(' ');
    const answer = await alongside(() => post({ query: `{ product(id: "p1") { ${aliases} } }` }));
    expect(codeOf(answer)).toBe('OPERATION_TOO_MANY_ALIASES');
    // The healthy request beside it made exactly one stock fetch; the flood made none.
    expect((federation.requestCounts().stock ?? 0) - before).toBe(1);
  });

  it('refuses an operation whose response would fan out to tens of MB', async () => {
    const query = '{ products(first: 100) { related(first: 100) { related(first: 100) { name qty } } } }';
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      limit: defaultOperationLimits.maxCost,
    });
  });

  it('refuses fragment cycles at validation', async () => {
    const query =
      '{ product(id: "p1") { ...A } } fragment A on Product { name ...B } fragment B on Product { id ...A }';
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a very long string in the variables', async () => {
    const query = 'query($id: ID!) { product(id: $id) { name } }';
    const answer = await alongside(() => post({ query, variables: { id: 'x'.repeat(150_000) } }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VARIABLES_STRING_TOO_LONG',
      limit: defaultOperationLimits.maxVariableStringLength,
      measured: 150_000,
    });
  });

  it('refuses variables nested 10,000 levels deep', async () => {
    const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const body = `{"query":"query($id: ID!) { product(id: $id) { name } }","variables":{"id":"p1","extra":${nested}}}`;
    const answer = await alongside(() => send(body));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('VARIABLES_TOO_DEEP');
  });

  it('refuses a 10 MB body from its Content-Length', async () => {
    const answer = await alongside(() =>
      send(Buffer.alloc(10 * MB, 0x20), { 'content-type': 'application/json', 'content-length': 10 * MB }),
    );
    expect(answer.status).toBe(413);
  });

  it('refuses a 10 MB chunked body while reading it', async () => {
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(MB / 4, 0x20));
    const answer = await alongside(() =>
      send(chunks, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
    );
    expect(answer.status).toBe(413);
  });

  it('refuses a body that is not valid UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('{"query":"{ ping '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(' }"}'),
    ]);
    const answer = await alongside(() => send(body));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
  });

  it('refuses bodies of the wrong content type without executing them', async () => {
    const before = federation.requestCounts().catalog ?? 0;
    const json = JSON.stringify({ query: '{ ping }' });
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const answer = await alongside(() => send(json, { 'content-type': type }));
      expect(answer.status, type).toBeGreaterThanOrEqual(400);
      expect(answer.status, type).toBeLessThan(500);
      expect(answer.body.data, type).toBeUndefined();
    }
    expect((federation.requestCounts().catalog ?? 0) - before).toBe(3);
  });

  it('refuses a JSON array of 10,000 operations without running any', async () => {
    const before = federation.requestCounts().catalog ?? 0;
    const batch = JSON.stringify(Array.from({ length: 10_000 }, () => ({ query: '{ ping }' })));
    const answer = await alongside(() => send(batch));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.length).toBe(1);
    expect((federation.requestCounts().catalog ?? 0) - before).toBe(1);
  });

  it('gives up on a client that trickles its body, and serves others meanwhile', async () => {
    let sent = 0;
    const trickle = send(
      Array.from({ length: 200 }, () => ' '),
      { 'content-type': 'application/json' },
      async () => {
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    );
    const answer = await alongside(() => trickle);
    expect(answer.status).toBe(408);
    expect(sent).toBeLessThan(200);
  }, 30_000);

  it('answers a non-JSON POST with 415 UNSUPPORTED_MEDIA_TYPE before reading it', async () => {
    // Over MAX_BODY_BYTES too: a gateway that read the body first would answer 413.
    const answer = await alongside(() =>
      send(Buffer.alloc(10 * MB, 0x20), { 'content-type': 'text/plain', 'content-length': 10 * MB }),
    );
    expect(answer.status).toBe(415);
    expect(codeOf(answer)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a batch of 10,000 operations with BATCH_TOO_LARGE, naming the count and the limit', async () => {
    const batch = JSON.stringify(Array.from({ length: 10_000 }, () => ({ query: '{ ping }' })));
    const answer = await alongside(() => send(batch));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BATCH_TOO_LARGE',
      limit: 0,
      measured: 10_000,
    });
  });

  it('refuses 10,000 same-named aliases with OPERATION_TOO_MANY_ALIASES before validation', async () => {
    // Same-named fields are what makes validation's field-merging rule quadratic.
    const query = `{ ${'a:ping '.repeat(10_000)}}`;
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('OPERATION_TOO_MANY_ALIASES');
    expect(reachedApollo).not.toContain(query);
    expect(reachedApollo).toContain(HEALTHY);
  });

  it('refuses a document nested 100,000 levels deep before the parser sees it', async () => {
    const query = `{ product(id: ${'['.repeat(100_000)}"p1"${']'.repeat(100_000)}) { name } }`;
    const answer = await alongside(() => post({ query }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_DEEP',
      limit: defaultOperationLimits.maxNesting,
    });
    expect(reachedApollo).not.toContain(query);
    expect(reachedApollo).toContain(HEALTHY);
  });

  it('answers HTTP 429 with Retry-After and RATE_LIMITED once a client exceeds its bucket', async () => {
    const environment = {
      NODE_ENV: 'production',
      RATE_LIMIT_BURST: '2',
      RATE_LIMIT_PER_SECOND: '0.01',
      RATE_LIMIT_KEY_HEADER: 'x-api-key',
    };
    const { security } = loadGatewayConfig(environment);
    const limited = await startVariant(environment, {
      rateLimiter: createRateLimiter(security.rateLimit, { log: silentLogger() }),
    });
    try {
      const target = new URL(limited.url.replace('localhost', '127.0.0.1'));
      const as = (key: string) =>
        send(
          JSON.stringify({ query: HEALTHY }),
          { 'content-type': 'application/json', 'x-api-key': key },
          undefined,
          target,
        );
      const before = federation.requestCounts().catalog ?? 0;

      const allowed = [await as('greedy'), await as('greedy')];
      const refused = await as('greedy');
      const other = await as('polite');

      expect(allowed.map((answer) => answer.status)).toEqual([200, 200]);
      expect(refused.status).toBe(429);
      expect(codeOf(refused)).toBe('RATE_LIMITED');
      // The bucket refills at 0.01 tokens a second: one token is about 100 s away.
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(90);
      expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
      expect(other).toMatchObject({ status: 200, body: { data: HEALTHY_DATA } });
      // Three served requests reached the catalog; the refused one did not.
      expect((federation.requestCounts().catalog ?? 0) - before).toBe(3);
    } finally {
      await limited.close();
    }
  });

  it('masks an unexpected error as "Internal server error (id: <x-request-id>)" in production', async () => {
    const { log, lines } = capturedLogger();
    const upstream: Upstream = createUpstream({
      subgraphs: federation.subgraphs.slice(),
      log: silentLogger(),
    });
    const masked = await startVariant(
      { NODE_ENV: 'production' },
      {
        log,
        // A client with a bug in the stock path: what a gateway defect looks like from outside.
        client: {
          call: (subgraph, request, context) =>
            subgraph === 'stock'
              ? Promise.reject(new TypeError('cannot read secretKey of undefined'))
              : upstream.client.call(subgraph, request, context),
        },
      },
    );
    try {
      const target = new URL(masked.url.replace('localhost', '127.0.0.1'));
      const answer = await send(
        JSON.stringify({ query: HEALTHY }),
        { 'content-type': 'application/json', 'x-request-id': 'hostile-mask-1' },
        undefined,
        target,
      );

      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ product: null });
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'Internal server error (id: hostile-mask-1)',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'hostile-mask-1', serviceName: 'stock' },
      });
      expect(JSON.stringify(answer.body)).not.toContain('secretKey');
      expect(lines.find((line) => line.requestId === 'hostile-mask-1' && line.level === 50)).toMatchObject({
        err: { message: 'cannot read secretKey of undefined' },
      });
    } finally {
      await masked.close();
      await upstream.close();
    }
  });

  it('returns to near its baseline memory after rounds of the heaviest attacks', async () => {
    const attacks = [
      () =>
        post({
          query: `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i.toString(36)}:ping`).join(' ')} }`,
        }),
      () =>
        post({
          query: 'query($id: ID!) { product(id: $id) { name } }',
          variables: { id: 'x'.repeat(150_000) },
        }),
      () =>
        post({
          query: '{ products(first: 100) { related(first: 100) { related(first: 100) { name qty } } } }',
        }),
      () => send(JSON.stringify(Array.from({ length: 10_000 }, () => ({ query: '{ ping }' })))),
      () =>
        send(
          Array.from({ length: 40 }, () => Buffer.alloc(MB / 4, 0x20)),
          { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        ),
    ];
    const round = async () => {
      for (const attack of attacks) expect((await alongside(attack)).status).toBeGreaterThanOrEqual(400);
    };
    // One round first, so caches and compiled code that any first request builds are in the baseline.
    await round();
    const baseline = heapAfterGc(gc);

    for (let i = 0; i < 3; i++) await round();

    expect(heapAfterGc(gc) - baseline).toBeLessThan(32 * MB);
  });
});
