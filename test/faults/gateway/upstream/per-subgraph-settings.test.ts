import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type UpstreamSettings,
  upstreamEnvShape,
  upstreamSettingsFromEnv,
} from '../../../../gateway/src/config/upstream-config.js';
import { createUpstream, type Upstream } from '../../../../gateway/src/upstream/create-upstream.js';
import { parseEnv } from '../../../../platform/config.js';
import { silentLogger } from '../../../../platform/logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../../helpers/fault-subgraph.js';

// Two subgraphs behind one upstream; the overrides below give each different settings, and the
// checks tell them apart by what reaches each fake (attempts, breaker state, accepted body size).
const query = { query: '{ product(id: "p1") { id } }' };
const healthyAnswer = { data: { product: { id: 'p1' } } };

let products: FaultSubgraph;
let prices: FaultSubgraph;
let upstream: Upstream | undefined;

beforeAll(async () => {
  products = await startFaultSubgraph({ respond: () => healthyAnswer });
  prices = await startFaultSubgraph({ respond: () => healthyAnswer });
});

afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
  products.reset();
  prices.reset();
});

afterAll(async () => {
  await Promise.all([products.close(), prices.close()]);
});

function start(settings: Partial<UpstreamSettings>): Upstream {
  upstream = createUpstream({
    subgraphs: [
      { name: 'products', url: products.url },
      { name: 'price-svc', url: prices.url },
    ],
    settings,
    log: silentLogger(),
    // Every call must reach the fakes: no sharing of identical calls between the two checks.
    inflightDeduplication: false,
  });
  return upstream;
}

const call = (subgraph: string) =>
  upstream!.client.call(subgraph, query, { operationKind: 'query', signal: new AbortController().signal });

/**
 * Expects `price-svc` to run without retries and with a breaker that opens on the first failure,
 * and `products` to keep the shared settings (two retries, breaker closed) but accept at most
 * 1000 bytes per answer.
 */
async function expectOverridesApplied(running: Upstream): Promise<void> {
  products.setFault({ kind: 'status', status: 503 });
  prices.setFault({ kind: 'status', status: 503 });

  await expect(call('products')).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });
  await expect(call('price-svc')).rejects.toMatchObject({ code: 'SUBREQUEST_HTTP_ERROR' });

  expect(products.requests).toHaveLength(3);
  expect(prices.requests).toHaveLength(1);
  expect(running.breakerStates()).toEqual({ products: 'closed', 'price-svc': 'open' });

  products.setFault({ kind: 'oversized', bytes: 4_000 });
  await expect(call('products')).rejects.toMatchObject({ code: 'SUBGRAPH_BAD_RESPONSE' });
}

/** Shared settings: fast retries, and a breaker that does not trip on its own. */
const shared = {
  retryMaxAttempts: 2,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 20,
  breakerConsecutiveFailures: 100,
  breakerFailureRate: 0,
} satisfies Partial<UpstreamSettings>;

describe('per-subgraph upstream settings', () => {
  it('apply to the subgraph they name, in any case or as its environment token, and to no other', async () => {
    const running = start({
      ...shared,
      subgraphs: {
        PRICE_SVC: { retryMaxAttempts: 0, breakerConsecutiveFailures: 1 },
        Products: { maxResponseBytes: 1_000 },
      },
    });

    await expectOverridesApplied(running);
  });

  it('leave every subgraph they do not name on the shared settings', async () => {
    start({ ...shared, subgraphs: { Products: { maxResponseBytes: 1_000 } } });
    prices.setFault({ kind: 'oversized', bytes: 4_000 });

    const answer = await call('price-svc');

    expect((answer.data as { padding: string }).padding.length).toBeGreaterThan(1_000);
  });

  it('are read from UPSTREAM_<NAME>_<SETTING> variables', async () => {
    const environment = {
      UPSTREAM_RETRY_MAX_ATTEMPTS: '2',
      UPSTREAM_RETRY_BASE_DELAY_MS: '1',
      UPSTREAM_RETRY_MAX_DELAY_MS: '20',
      UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '100',
      UPSTREAM_BREAKER_FAILURE_RATE: '0',
      UPSTREAM_PRICE_SVC_RETRY_MAX_ATTEMPTS: '0',
      UPSTREAM_PRICE_SVC_BREAKER_CONSECUTIVE_FAILURES: '1',
      UPSTREAM_PRODUCTS_MAX_RESPONSE_BYTES: '1000',
    };
    const settings = upstreamSettingsFromEnv(parseEnv(upstreamEnvShape, environment), environment);

    await expectOverridesApplied(start(settings));
  });
});
