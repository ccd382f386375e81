import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { defaultOperationLimits } from '../../../gateway/src/config/security-config.js';
import { measureOperation } from '../../../gateway/src/security/measure-operation.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { gatewaysBenchmarkFederation } from '../../fixtures/federation/gateways-benchmark/federation.js';
import { gatewaysBenchmarkFanOutQuery } from '../../fixtures/federation/gateways-benchmark/operations.js';
import { reviewsCatalogHeavyQuery } from '../../fixtures/federation/reviews-catalog/operations.js';
import type { RunningFederation } from '../../helpers/federation-fixture.js';

const KB = 1024;
const MB = 1024 * KB;

let federation: RunningFederation;
/** At the shipped defaults. */
let gateway: RunningGateway;
/** With the cost limit lifted, to show what the refused operation would have answered. */
let unlimited: RunningGateway;

interface Answer {
  status: number;
  bytes: number;
  body: {
    data?: unknown;
    errors?: { extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

async function post(
  target: RunningGateway,
  query: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(target.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

describe('demand control at the shipped defaults, on the public gateways benchmark', () => {
  beforeAll(async () => {
    federation = await gatewaysBenchmarkFederation.start();
    const start = (config: ReturnType<typeof gatewayConfig>) =>
      startGateway(config, { supergraphSdl: federation.supergraphSdl, log: silentLogger() });
    gateway = await start(gatewayConfig({ core: { port: 0, host: '127.0.0.1' } }));
    unlimited = await start(
      gatewayConfig({
        core: { port: 0, host: '127.0.0.1' },
        security: { limits: { maxCost: Number.MAX_SAFE_INTEGER } },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all([gateway?.close(), unlimited?.close()]);
    await federation?.close();
  });

  it('answers the heavy query, about 87 KB, and tells its estimated and actual cost on request', async () => {
    const answer = await post(gateway, reviewsCatalogHeavyQuery, { 'x-hexagraph-cost': 'true' });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.bytes).toBeGreaterThan(80 * KB);
    expect(answer.bytes).toBeLessThan(95 * KB);
    const cost = answer.body.extensions?.cost as { estimated: number; actual: number; limit: number };
    expect(cost).toMatchObject({ estimated: 113_425, limit: defaultOperationLimits.maxCost });
    // Its lists hold 1 to 6 items, not the 10 assumed.
    expect(cost.actual).toBeGreaterThan(1_000);
    expect(cost.actual).toBeLessThan(cost.estimated / 10);
  });

  it('refuses a fan-out within the depth limit whose answer runs to megabytes', async () => {
    const { depth } = measureOperation(parse(gatewaysBenchmarkFanOutQuery));
    expect(depth).toBeLessThanOrEqual(defaultOperationLimits.maxDepth);

    const refused = await post(gateway, gatewaysBenchmarkFanOutQuery);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      limit: defaultOperationLimits.maxCost,
    });
    expect(refused.body.errors?.[0]?.extensions?.measured).toBeGreaterThan(
      100 * defaultOperationLimits.maxCost,
    );

    const answered = await post(unlimited, gatewaysBenchmarkFanOutQuery);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.bytes).toBeGreaterThan(MB);
  });

  it('adds no extensions.cost to a request that does not ask', async () => {
    const answer = await post(gateway, '{ topProducts(first: 2) { upc } }');
    expect(answer.body.extensions).toBeUndefined();
  });
});
