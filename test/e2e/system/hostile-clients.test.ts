import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signRequest } from '../../../platform/signing/request-signature.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import { DEFER_ACCEPT, parseMultipart } from '../../helpers/multipart.js';
import { type SystemStack, startSystemStack } from '../../helpers/system-stack.js';
import type { TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// The whole system as shipped, in production mode, with one client trying to spoil it for the
// others. Inventory answers over 6,000 bytes are refused, so that a wide query is "too large".
const INVENTORY_MAX_RESPONSE_BYTES = 6_000;

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  bytes: number;
}

let stack: SystemStack;

beforeAll(async () => {
  stack = await startSystemStack({
    gatewayEnv: {
      // Clients are told apart by a header, so one client's rate limit is not the other's.
      RATE_LIMIT_KEY_HEADER: 'x-client',
      UPSTREAM_INVENTORY_MAX_RESPONSE_BYTES: String(INVENTORY_MAX_RESPONSE_BYTES),
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function post(client: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client': client },
    body: JSON.stringify({ query, ...(variables && { variables }) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

async function breakers(): Promise<Record<string, string>> {
  // The breaker states are on the admin port (production).
  const response = await fetch(`${stack.gatewayAdminUrl}/readyz`);
  return ((await response.json()) as { breakers: Record<string, string> }).breakers;
}

const BENIGN =
  '{ product(id: "p-0001") { id name inStock inventory { onHand available } price { amount } } }';
const codes = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);

describe('a client cannot take a subgraph away from the others', () => {
  let baseline: Answer;

  beforeAll(async () => {
    baseline = await post('benign', BENIGN);
  });

  it('serves the other client before the attack', () => {
    expect(baseline.body.errors).toBeUndefined();
    expect(baseline.body.data?.product).toMatchObject({ id: 'p-0001' });
  });

  it('refuses a 100,000-character id in 20 aliases at the subgraph, briefly, without echoing it', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `r${i}: reservation(id: $id) { id }`).join(' ');
    const query = `query ($id: ID!) { ${aliases} }`;

    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await post('attacker', query, { id: 'x'.repeat(100_000) }));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(codes(answer)).toContain('INPUT_STRING_TOO_LONG');
      expect(answer.bytes).toBeLessThan(20_000);
    }
    expect((await breakers()).inventory).toBe('closed');
  });

  it('fails only the request whose answer is over the size limit, not the breaker', async () => {
    const wide =
      '{ products(first: 100) { id inventory { onHand reserved available warehouses { warehouse onHand } } } }';

    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await post('attacker', wide));

    for (const answer of answers) expect(codes(answer)).toContain('SUBGRAPH_BAD_RESPONSE');
    expect((await breakers()).inventory).toBe('closed');
  });

  it('leaves the other client its answers, unchanged', async () => {
    const after = await post('benign', BENIGN);

    expect(after.body).toEqual(baseline.body);
  });
});

describe('one operation cannot make a subgraph busy for everyone, or plan expensively', () => {
  const metric = async (adminUrl: string | undefined, line: RegExp) => {
    const text = await (await fetch(`${adminUrl}/metrics`)).text();
    return Number(line.exec(text)?.[1] ?? 0);
  };
  const planCache = (result: 'hit' | 'miss') =>
    metric(
      stack.gatewayAdminUrl,
      new RegExp(`hexagraph_gateway_plan_cache_total\\{result="${result}"\\} (\\d+)`),
    );
  const subgraphCallsTo = (subgraph: string) =>
    metric(
      stack.gatewayAdminUrl,
      new RegExp(
        `hexagraph_gateway_fetch_duration_seconds_count\\{subgraph="${subgraph}",outcome="ok"\\} (\\d+)`,
      ),
    );

  it('sends a fragment repeated under 400 @include conditions to pricing in one request', async () => {
    const spreads = Array.from({ length: 400 }, (_, i) => `...F @include(if: $v${i})`).join(' ');
    const variables = Array.from({ length: 400 }, (_, i) => `$v${i}: Boolean!`).join(', ');
    const query = `query (${variables}) { product(id: "p-0001") { id ${spreads} } } fragment F on Product { shippingEstimate { amount } }`;
    const before = await subgraphCallsTo('pricing');

    const answer = await post(
      'attacker',
      query,
      Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`v${i}`, true])),
    );

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.product).toMatchObject({
      id: 'p-0001',
      shippingEstimate: { amount: expect.any(Number) },
    });
    expect((await subgraphCallsTo('pricing')) - before).toBe(1);
  });

  /** Nine nested fragments, each spread under `@include` and `@skip` of its own variable: 512 alternatives. */
  const NESTED_DEPTH = 9;
  const nested = (() => {
    let fragments = '';
    for (let i = 0; i < NESTED_DEPTH; i += 1) {
      const inner =
        i + 1 < NESTED_DEPTH
          ? `...G${i + 1} @include(if: $w${i + 1}) ...G${i + 1} @skip(if: $w${i + 1})`
          : 'inStock';
      fragments += ` fragment G${i} on Product { ${inner} }`;
    }
    const variables = Array.from({ length: NESTED_DEPTH }, (_, i) => `$w${i}: Boolean!`).join(' ');
    return {
      query: `query (${variables}) { product(id: "p-0001") { ...G0 @include(if: $w0) ...G0 @skip(if: $w0) } }${fragments}`,
      variables: Object.fromEntries(Array.from({ length: NESTED_DEPTH }, (_, i) => [`w${i}`, true])),
    };
  })();

  it('plans nine nested fragments under @include and @skip as one fetch per subgraph', async () => {
    const before = await subgraphCallsTo('inventory');

    const answer = await post('attacker', nested.query, nested.variables);

    expect(answer.body).toEqual({ data: { product: { inStock: expect.any(Boolean) } } });
    expect((await subgraphCallsTo('inventory')) - before).toBe(1);
  });

  it('plans an operation once, whatever its whitespace, comments and fragment order', async () => {
    const texts = [
      'query Card { product(id: "p-0002") { ...Name ...Stock } } fragment Name on Product { name } fragment Stock on Product { inStock }',
      'query Card { product(id: "p-0002") { ...Name ...Stock } } fragment Name on Product { name } fragment Stock on Product { inStock } ',
      '# the same card\nquery Card {\n  product(id: "p-0002") { ...Name ...Stock }\n}\nfragment Stock on Product { inStock }\nfragment Name on Product { name }',
    ];
    const [hits, misses] = [await planCache('hit'), await planCache('miss')];

    for (const text of texts) expect((await post('benign', text)).body.errors).toBeUndefined();

    expect((await planCache('miss')) - misses).toBe(1);
    expect((await planCache('hit')) - hits).toBe(2);
  });

  it('refuses, before calling any subgraph, a plan over the request limit or the planning budget', async () => {
    const strict = await stack.startGateway({ MAX_SUBGRAPH_REQUESTS: '2', MAX_PLANNING_STEPS: '200' });
    const send = async (body: object) => {
      const response = await fetch(strict.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      return {
        status: response.status,
        body: (await response.json()) as { errors?: GraphQLFormattedError[] },
      };
    };

    const tooManyRequests = await send({ query: BENIGN });
    const tooCostlyToPlan = await send(nested);

    expect(tooManyRequests).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'TOO_MANY_SUBGRAPH_REQUESTS', limit: 2, measured: 3 } }] },
    });
    expect(tooCostlyToPlan).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'PLANNING_BUDGET_EXCEEDED', limit: 200 } }] },
    });
    const metrics = await (await fetch(`${strict.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/hexagraph_gateway_errors_total\{/);
    expect(metrics).not.toMatch(/hexagraph_gateway_fetch_duration_seconds_count\{/);
  }, 120_000);
});

describe('production keeps internals from clients; development shows them', () => {
  // Pricing behind a fake that can answer as a broken or leaky subgraph would.
  let pricing: FaultSubgraph;
  let production: { url: string; process: TsxProcess };
  let development: { url: string; process: TsxProcess };
  const PRICED = '{ product(id: "p-0001") { id price { amount } } }';
  const DEFERRED_PRICE = '{ product(id: "p-0001") { id ... @defer { price { amount } } } }';
  const INTERNAL_HOST = '10.0.3.7';
  const leaky = {
    kind: 'status',
    status: 200,
    body: {
      data: { _entities: [null] },
      errors: [
        {
          message: `connect ECONNREFUSED ${INTERNAL_HOST}:6379 while loading prices`,
          extensions: {
            stacktrace: ['Error: connect ECONNREFUSED', '    at /srv/pricing/dist/main.js:12:7'],
            exception: { host: INTERNAL_HOST },
            retryable: true,
          },
        },
      ],
    },
  } as const;

  beforeAll(async () => {
    pricing = await startFaultSubgraph({ target: stack.subgraphUrls.pricing });
    const env = { SUBGRAPH_URL_PRICING: pricing.url, RATE_LIMIT_KEY_HEADER: 'x-client' };
    [production, development] = await Promise.all([
      stack.startGateway({
        ...env,
        SUBGRAPH_ERROR_EXTENSIONS: 'retryable',
        MAX_REPRESENTATIONS_PER_REQUEST: '40',
      }),
      stack.startGateway({ ...env, NODE_ENV: 'development', CORS_ORIGINS: '*' }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await pricing?.close();
  });

  const pricingErrors = async (url: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client': 'curious' },
      body: JSON.stringify({ query: PRICED }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { data?: unknown; errors?: GraphQLFormattedError[] };
    return {
      requestId: response.headers.get('x-request-id') ?? '',
      data: body.data,
      errors: (body.errors ?? []).filter((error) => error.extensions?.serviceName === 'pricing'),
    };
  };

  it('passes only code and the allowed extensions of a subgraph error, and masks its uncoded message with the request id', async () => {
    pricing.script(leaky);

    const answer = await pricingErrors(production.url);

    expect(answer.errors).toEqual([
      {
        message: `Subgraph 'pricing' reported an error (id: ${answer.requestId}).`,
        extensions: {
          code: 'DOWNSTREAM_SERVICE_ERROR',
          serviceName: 'pricing',
          retryable: true,
          requestId: answer.requestId,
        },
      },
    ]);
    // Whoever holds the id finds the whole error in the gateway's log.
    await waitUntil(
      () => production.process.output().stdout,
      (log) =>
        log.split('\n').some((line) => line.includes(answer.requestId) && line.includes('ECONNREFUSED')),
      { timeoutMs: 10_000, what: 'the redacted error in the log' },
    );
  });

  it('names no body fragment when a subgraph answers something that is not JSON', async () => {
    pricing.script({ kind: 'status', status: 200, body: `<html>proxy at ${INTERNAL_HOST}</html>` });

    const answer = await pricingErrors(production.url);

    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]?.extensions?.code).toBe('SUBGRAPH_BAD_RESPONSE');
    expect(JSON.stringify(answer.errors)).not.toMatch(/html|10\.0\.3\.7/);
  });

  it('names no internal address when a subgraph cannot be reached', async () => {
    await pricing.down();
    try {
      const answer = await pricingErrors(production.url);

      expect(answer.errors.length).toBeGreaterThan(0);
      expect(answer.errors[0]?.extensions?.code).toBe('SUBGRAPH_UNREACHABLE');
      expect(JSON.stringify(answer.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}\b/);
    } finally {
      await pricing.up();
    }
  });

  it('splits an entity batch over MAX_REPRESENTATIONS_PER_REQUEST into several requests', async () => {
    pricing.reset();

    // (The fake in front of pricing does not pass the signature on: only the requests matter here.)
    await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client': 'lister' },
      body: JSON.stringify({ query: '{ products(first: 100) { id price { amount } } }' }),
      signal: AbortSignal.timeout(60_000),
    });

    const sizes = pricing.requests.map(
      (received) =>
        ((received.body as { variables?: { representations?: unknown[] } }).variables?.representations ?? [])
          .length,
    );
    expect(sizes).toEqual([40, 40, 20]);
  });

  it('gives Apollo Studio no CORS access when the landing page is off, and `*` never credentials', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
        signal: AbortSignal.timeout(60_000),
      });

    const studioInProduction = await preflight(production.url, 'https://studio.apollographql.com');
    const anyInDevelopment = await preflight(development.url, 'https://elsewhere.example');
    const studioInDevelopment = await preflight(development.url, 'https://studio.apollographql.com');

    expect(studioInProduction.headers.get('access-control-allow-origin')).toBeNull();
    expect(studioInProduction.headers.get('access-control-allow-credentials')).toBeNull();
    expect(anyInDevelopment.headers.get('access-control-allow-origin')).toBe('*');
    expect(anyInDevelopment.headers.get('access-control-allow-credentials')).toBeNull();
    expect(studioInDevelopment.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('costs `first: null` as the page the product subgraph really answers (20), not the default list size', async () => {
    const estimate = async (query: string) => {
      const response = await fetch(development.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hexagraph-cost': 'true' },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await response.json()) as {
        data?: { products?: unknown[] };
        extensions?: { cost?: { estimated: number } };
      };
      return { estimated: body.extensions?.cost?.estimated, items: body.data?.products?.length };
    };

    const explicitNull = await estimate('{ products(first: null) { id } }');
    const twenty = await estimate('{ products(first: 20) { id } }');

    expect(explicitNull.items).toBe(20);
    expect(explicitNull.estimated).toBe(twenty.estimated);
  });

  it('shows all of it in development', async () => {
    pricing.script(leaky);

    const answer = await pricingErrors(development.url);

    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]).toMatchObject({
      message: leaky.body.errors[0].message,
      // (Apollo Server puts the gateway's own stack trace in `stacktrace` outside production.)
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', exception: { host: INTERNAL_HOST }, retryable: true },
    });
  });

  it('filters the errors of a deferred part exactly as those of an answer without @defer', async () => {
    const deferredPricingErrors = async (url: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: DEFER_ACCEPT, 'x-client': 'curious' },
        body: JSON.stringify({ query: DEFERRED_PRICE }),
        signal: AbortSignal.timeout(60_000),
      });
      expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
      const payloads = parseMultipart(await response.text());
      const deferred = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
      return {
        requestId: response.headers.get('x-request-id') ?? '',
        firstErrors: payloads[0]?.errors,
        deferredErrors: deferred.flatMap((entry) => entry.errors ?? []),
      };
    };
    pricing.script(leaky);
    const plain = await pricingErrors(production.url);
    pricing.script(leaky);
    const deferred = await deferredPricingErrors(production.url);
    pricing.script(leaky);
    const shown = await deferredPricingErrors(development.url);

    // The error comes in the deferred part, not the first one.
    expect(deferred.firstErrors).toBeUndefined();
    const withoutId = (error: GraphQLFormattedError, requestId: string) =>
      JSON.parse(JSON.stringify(error).replaceAll(requestId, '<id>'));
    expect(deferred.deferredErrors).toHaveLength(1);
    expect(withoutId(deferred.deferredErrors[0] as GraphQLFormattedError, deferred.requestId)).toEqual(
      withoutId(plain.errors[0] as GraphQLFormattedError, plain.requestId),
    );
    expect(JSON.stringify(deferred.deferredErrors)).not.toMatch(
      /ECONNREFUSED|10\.0\.3\.7|stacktrace|exception/,
    );
    expect(shown.deferredErrors).toHaveLength(1);
    expect(shown.deferredErrors[0]).toMatchObject({
      message: leaky.body.errors[0].message,
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', exception: { host: INTERNAL_HOST }, retryable: true },
    });
  });
});

describe('subgraphs are safe to reach', () => {
  /** POSTs to a subgraph as the gateway would, signed with the shared secret. */
  const signedPost = async (subgraph: 'product' | 'inventory' | 'pricing', payload: object) => {
    const body = JSON.stringify(payload);
    const response = await fetch(stack.subgraphUrls[subgraph], {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signRequest({ method: 'POST', path: '/graphql', body }, stack.secret, Date.now()),
      },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: (await response.json()) as { errors?: GraphQLFormattedError[] } };
  };

  it('answers no introspection in production', async () => {
    const answer = await signedPost('pricing', { query: '{ __schema { types { name } } }' });

    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses _entities with more representations than it resolves per request', async () => {
    const representations = Array.from({ length: 1_001 }, (_, i) => ({
      __typename: 'Product',
      id: `p-${i}`,
    }));

    const answer = await signedPost('inventory', {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { inStock } } }',
      variables: { r: representations },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_REPRESENTATIONS',
      limit: 1_000,
      measured: 1_001,
    });
  });
});
