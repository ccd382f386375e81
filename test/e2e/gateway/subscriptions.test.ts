import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { GatewayMetrics } from '../../../gateway/src/observability/gateway-metrics.js';
import { createRateLimiter } from '../../../gateway/src/security/create-rate-limiter.js';
import { loadTrustedDocuments } from '../../../gateway/src/security/trusted-document-store.js';
import { type GatewayDeps, type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { startInventoryService } from '../../../subgraphs/inventory/app.js';
import { startPricingService } from '../../../subgraphs/pricing/app.js';
import { startProductService } from '../../../subgraphs/product/app.js';
import { subscribeOverWs } from '../../helpers/graphql-ws-subscriber.js';
import { jwksOf, TEST_AUDIENCE, TEST_ISSUER, tokenIssuer } from '../../helpers/token-issuer.js';
import { waitUntil } from '../../helpers/wait-until.js';

const STOCK_CHANGED =
  'subscription { stockChanged(productIds: ["p-0001"]) { available product { id name } } }';
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };

let subgraphs: RunningServer[];
let directory: string;
const gateways: RunningGateway[] = [];

async function gatewayWith(
  environment: Record<string, string> = {},
  deps: Partial<GatewayDeps> = {},
): Promise<RunningGateway> {
  const [product, inventory, pricing] = subgraphs as [RunningServer, RunningServer, RunningServer];
  const config = loadGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SUBGRAPH_URL_PRODUCT: product.url,
    SUBGRAPH_URL_INVENTORY: inventory.url,
    SUBGRAPH_URL_PRICING: pricing.url,
    RATE_LIMIT_ENABLED: 'false',
    ...environment,
  });
  const log = silentLogger();
  const gateway = await startGateway(config, {
    log,
    supergraphSdl: readFileSync(
      config.core.supergraph.kind === 'file' ? config.core.supergraph.path : '',
      'utf8',
    ),
    ...(config.security.rateLimit && { rateLimiter: createRateLimiter(config.security.rateLimit, { log }) }),
    ...deps,
  });
  gateways.push(gateway);
  return gateway;
}

/** Sends `query` as a plain POST or with the multipart subscription Accept header. */
function post(gateway: RunningGateway, query: string, accept = 'application/json') {
  return fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
}

/** Reserves a unit of p-0001 until `results` holds a change: a subscription is live upstream a little after it is admitted. */
async function untilHeard(gateway: RunningGateway, results: readonly FormattedExecutionResult[]) {
  // The trusted document, so that a gateway enforcing trusted documents runs it too.
  const reserve = JSON.stringify({
    query: await readFile(
      join(import.meta.dirname, '../../../schema/operations/reserve-stock.graphql'),
      'utf8',
    ),
    variables: { productId: 'p-0001', quantity: 1 },
  });
  await waitUntil(
    async () => {
      if (results.length > 0) return true;
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: reserve,
      });
      expect(response.status).toBe(200);
      return false;
    },
    Boolean,
    { ...WAIT, intervalMs: 300, what: 'the subscription to hear a change' },
  );
}

/** Waits until the gateway counts one open WebSocket subscription: the first one was admitted. */
async function untilFirstAdmitted(metrics: GatewayMetrics) {
  await waitUntil(
    async () =>
      (await metrics.registry.metrics()).includes('hexagraph_gateway_subscriptions{transport="websocket"} 1'),
    Boolean,
    { ...WAIT, what: 'the first subscription to be admitted' },
  );
}

/** The payload of the `error` message a subscription got, as the client saw it. */
async function refusal(
  gateway: RunningGateway,
  payload: Parameters<typeof subscribeOverWs>[1],
  init?: Record<string, unknown>,
) {
  const subscriber = subscribeOverWs(gateway.url, payload, init);
  try {
    return (await subscriber.failure) as { message: string; extensions?: Record<string, unknown> }[];
  } finally {
    await subscriber.dispose();
  }
}

beforeAll(async () => {
  const log = silentLogger();
  subgraphs = [
    await startProductService({ port: 0, host: '127.0.0.1', log }),
    await startInventoryService({ port: 0, host: '127.0.0.1', log }),
    await startPricingService({ port: 0, host: '127.0.0.1', log }),
  ];
  directory = await mkdtemp(join(tmpdir(), 'hexagraph-subscriptions-'));
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close({ graceMs: 1_000 })));
  await Promise.all((subgraphs ?? []).map((subgraph) => subgraph.close({ graceMs: 1_000 })));
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('subscription admission', { timeout: 60_000 }, () => {
  it('refuses a subscription sent as a plain POST, saying how to subscribe', async () => {
    const gateway = await gatewayWith();
    const response = await post(gateway, STOCK_CHANGED);

    expect(response.status).toBe(400);
    const body = (await response.json()) as FormattedExecutionResult;
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /over WebSocket with the graphql-ws protocol .* multipart\/mixed;subscriptionSpec/,
      ),
      extensions: { code: 'SUBSCRIPTION_TRANSPORT_REQUIRED' },
    });
  });

  it('fails validation for a subscription field no subgraph serves, over WebSocket and multipart', async () => {
    const gateway = await gatewayWith();
    const unknown = 'subscription { priceChanged { amount } }';

    const errors = await refusal(gateway, { query: unknown });
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/^Cannot query field "priceChanged" on type "Subscription"\./),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const response = await post(gateway, unknown, 'multipart/mixed;subscriptionSpec="1.0"');
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/GRAPHQL_VALIDATION_FAILED/);
  });

  it('applies the operation limits, persisted queries and trusted documents to WebSocket subscriptions', async () => {
    const limited = await gatewayWith({ MAX_DEPTH: '2' });
    expect((await refusal(limited, { query: STOCK_CHANGED }))[0]?.extensions?.code).toBe(
      'OPERATION_TOO_DEEP',
    );

    const persisted = await gatewayWith();
    const hashOnly = {
      query: '',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    };
    const persistedErrors = await refusal(persisted, hashOnly);
    expect(persistedErrors[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const trusted = await gatewayWith(
      { TRUSTED_DOCUMENTS: 'enforce' },
      {
        trustedDocuments: await loadTrustedDocuments(join(import.meta.dirname, '../../../schema/operations')),
      },
    );
    expect((await refusal(trusted, { query: STOCK_CHANGED }))[0]?.extensions?.code).toBe(
      'QUERY_NOT_IN_SAFELIST',
    );
    const document = await readFile(
      join(import.meta.dirname, '../../../schema/operations/stock-changed.graphql'),
      'utf8',
    );
    const admitted = subscribeOverWs(trusted.url, { query: document, variables: { productIds: ['p-0001'] } });
    try {
      await untilHeard(trusted, admitted.results);
      expect(admitted.results[0]?.data?.stockChanged).toMatchObject({ product: { id: 'p-0001' } });
    } finally {
      await admitted.dispose();
    }
  });

  it("passes on the subgraph's refusal of bad arguments, with the field it is about, then completes", async () => {
    const gateway = await gatewayWith();
    const subscriber = subscribeOverWs(gateway.url, {
      query: 'subscription { stockChanged(productIds: []) { available } }',
    });
    try {
      await subscriber.completed;
      expect(subscriber.results).toEqual([
        {
          data: { stockChanged: null },
          errors: [
            expect.objectContaining({
              message: expect.stringMatching(/^productIds is empty/),
              path: ['stockChanged'],
              extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', serviceName: 'inventory' }),
            }),
          ],
        },
      ]);
    } finally {
      await subscriber.dispose();
    }
  });

  it('rate limits subscriptions like requests', async () => {
    const metrics = new GatewayMetrics();
    const gateway = await gatewayWith(
      { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_SECOND: '0.001' },
      { metrics },
    );
    const first = subscribeOverWs(gateway.url, { query: STOCK_CHANGED });
    try {
      // The first takes the one token only once admitted: a second sent at once might take it first.
      await untilFirstAdmitted(metrics);
      const errors = await refusal(gateway, { query: STOCK_CHANGED });
      expect(errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    } finally {
      await first.dispose();
    }
  });

  it('closes a connection asking for one subscription more than allowed with 4429 and a message', async () => {
    const metrics = new GatewayMetrics();
    const gateway = await gatewayWith({ SUBSCRIPTIONS_MAX_PER_CONNECTION: '2' }, { metrics });
    let closed!: (close: { code: number; reason: string }) => void;
    const close = new Promise<{ code: number; reason: string }>((resolve) => {
      closed = resolve;
    });
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: {
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          closed({ code, reason });
        },
      },
    });
    const sink = { next: () => undefined, error: () => undefined, complete: () => undefined };
    try {
      client.subscribe({ query: STOCK_CHANGED }, sink);
      client.subscribe({ query: STOCK_CHANGED }, sink);
      await waitUntil(() => fetch(gateway.url.replace('/graphql', '/readyz')).then(() => true), Boolean);
      client.subscribe({ query: STOCK_CHANGED }, sink);
      expect(await close).toEqual({
        code: 4429,
        reason: 'Too many subscriptions: at most 2 per connection',
      });
    } finally {
      await client.dispose();
    }
  });

  it('refuses a subscription beyond SUBSCRIPTIONS_MAX on any transport, naming the limit', async () => {
    const metrics = new GatewayMetrics();
    const gateway = await gatewayWith({ SUBSCRIPTIONS_MAX: '1' }, { metrics });
    const holder = subscribeOverWs(gateway.url, { query: STOCK_CHANGED });
    try {
      await untilFirstAdmitted(metrics);
      const errors = await refusal(gateway, { query: STOCK_CHANGED });
      expect(errors[0]).toMatchObject({
        message: expect.stringMatching(/holds 1 subscriptions.*SUBSCRIPTIONS_MAX/),
        extensions: { code: 'SUBSCRIPTION_LIMIT' },
      });
      const response = await post(gateway, STOCK_CHANGED, 'multipart/mixed;subscriptionSpec="1.0"');
      expect(response.status).toBe(503);
      expect(JSON.stringify(await response.json())).toMatch(/SUBSCRIPTION_LIMIT/);
    } finally {
      await holder.dispose();
    }
  });

  it('refuses a WebSocket from an origin it does not allow', async () => {
    const gateway = await gatewayWith();
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(gateway.url.replace('http', 'ws'), 'graphql-transport-ws', {
        headers: { origin: 'https://evil.example' },
      });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(403);
  });

  it('streams subscriptions without holding a place to execute', async () => {
    const gateway = await gatewayWith({
      EXECUTION_CONCURRENCY_MIN: '1',
      EXECUTION_CONCURRENCY_MAX: '1',
      SUBSCRIPTION_HEARTBEAT_MS: '50',
    });
    const multipart = await post(gateway, STOCK_CHANGED, 'multipart/mixed;subscriptionSpec=1.0');
    expect(multipart.status).toBe(200);
    const reader = multipart.body!.getReader();
    await reader.read();
    const overWs = subscribeOverWs(gateway.url, { query: STOCK_CHANGED });
    try {
      // Both subscriptions are live, and the one place to execute is free for a request.
      await untilHeard(gateway, overWs.results);
      const answer = await post(gateway, '{ product(id: "p-0001") { name } }');
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ data: { product: { name: expect.any(String) } } });
    } finally {
      await reader.cancel();
      await overWs.dispose();
    }
  });

  it('sends multipart heartbeats while nothing happens', async () => {
    const gateway = await gatewayWith({ SUBSCRIPTION_HEARTBEAT_MS: '50' });
    const response = await post(gateway, STOCK_CHANGED, 'multipart/mixed;subscriptionSpec=1.0');
    const reader = response.body!.getReader();
    let text = '';
    await waitUntil(
      async () => {
        const chunk = await reader.read();
        text += new TextDecoder().decode(chunk.value ?? new Uint8Array());
        return text.split('\r\n\r\n{}\r\n---').length - 1;
      },
      (heartbeats) => heartbeats >= 3,
      { ...WAIT, what: 'three heartbeats' },
    );
    await reader.cancel();
  });
});

describe('subscription authentication', { timeout: 60_000 }, () => {
  async function authenticatedGateway(environment: Record<string, string> = {}) {
    const issuer = await tokenIssuer('subscriptions-key');
    const jwks = join(directory, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(jwks, JSON.stringify(jwksOf(issuer)));
    const gateway = await gatewayWith({
      AUTH_JWKS_FILE: jwks,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      ...environment,
    });
    return { gateway, issuer };
  }

  it('reads the token from connection_init, through the same authentication as requests', async () => {
    const { gateway } = await authenticatedGateway({ AUTH_REJECT_INVALID_TOKEN: 'true' });
    const errors = await refusal(gateway, { query: STOCK_CHANGED }, { authorization: 'Bearer not-a-token' });
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/^The request's token is not valid/),
      extensions: { code: 'AUTH_ERROR' },
    });
  });

  it('ends the subscription with 4401 when its token expires', async () => {
    const { gateway, issuer } = await authenticatedGateway();
    const token = await issuer.sign({ sub: 'shopper' }, { expiresInSeconds: 2 });
    const subscriber = subscribeOverWs(
      gateway.url,
      { query: STOCK_CHANGED },
      { headers: { authorization: `Bearer ${token}` } },
    );
    try {
      expect(await subscriber.closed).toEqual({ code: 4401, reason: 'Unauthorized: the token expired' });
    } finally {
      await subscriber.dispose();
    }
  });
});
