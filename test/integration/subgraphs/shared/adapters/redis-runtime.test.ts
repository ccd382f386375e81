import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../../../platform/logger.js';
import { startInventoryService } from '../../../../../subgraphs/inventory/app.js';
import { startPricingService } from '../../../../../subgraphs/pricing/app.js';
import { seedProductSnapshots } from '../../../../../subgraphs/product/adapters/seed-catalog.js';
import { startProductService } from '../../../../../subgraphs/product/app.js';
import type { RedisStorageOptions } from '../../../../../subgraphs/shared/storage-config.js';
import { postGraphQL } from '../../../../helpers/graphql-over-http.js';
import {
  startRedisServer,
  type ThrowawayRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';
import { seededInventory, seededPrice } from '../../../../helpers/seeded-catalog.js';
import { waitUntil } from '../../../../helpers/wait-until.js';

// One query per subgraph that needs its store, and what it answers from the seeded catalog. An
// unseeded store answers too (zeros, null), so only the seeded values prove the seed is there.
const [firstProduct] = seedProductSnapshots(1);
const { onHand, reserved } = seededInventory('p-0001');
const probes = {
  product: { query: '{ product(id: "p-0001") { name } }', data: { product: { name: firstProduct!.name } } },
  inventory: {
    query:
      '{ _entities(representations: [{ __typename: "Product", id: "p-0001" }]) { ... on Product { inventory { onHand reserved } } } }',
    data: { _entities: [{ inventory: { onHand, reserved } }] },
  },
  pricing: {
    query: '{ price(productId: "p-0001") { currency listAmount saleAmount } }',
    data: { price: seededPrice('p-0001') },
  },
};

type Services = Record<keyof typeof probes, RunningServer>;

let redis: ThrowawayRedisServer;
const running: Services[] = [];

beforeAll(async () => {
  redis = await startRedisServer({ throwaway: true });
});

afterAll(async () => {
  await Promise.all(running.flatMap((services) => Object.values(services).map((service) => service.close())));
  await redis?.stop();
});

/** The three subgraphs on the test Redis, under a namespace of their own. */
async function startServices(): Promise<Services> {
  const storage: RedisStorageOptions = {
    kind: 'redis',
    url: redis.url,
    namespace: uniqueRedisNamespace('outage'),
    relay: true,
  };
  const common = { port: 0, host: '127.0.0.1', log: silentLogger(), storage };
  const services = {
    product: await startProductService(common),
    inventory: await startInventoryService(common),
    pricing: await startPricingService(common),
  };
  running.push(services);
  return services;
}

async function readiness(service: RunningServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${service.port}/readyz`, {
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function allReady(services: Services): Promise<void> {
  for (const [name, service] of Object.entries(services)) {
    await waitUntil(
      () => readiness(service),
      (answer) => answer.status === 200,
      { what: `${name} to be ready`, timeoutMs: 20_000, intervalMs: 100 },
    );
  }
}

async function ask(services: Services, name: keyof typeof probes) {
  return postGraphQL(`http://127.0.0.1:${services[name].port}/graphql`, { query: probes[name].query });
}

async function expectUnavailable(services: Services): Promise<void> {
  for (const name of Object.keys(probes) as (keyof typeof probes)[]) {
    const answer = await waitUntil(
      () => readiness(services[name]),
      (found) => found.status === 503,
      { what: `${name} to report the outage`, intervalMs: 50 },
    );
    expect(answer.body).toMatchObject({
      status: 'not ready',
      storage: 'redis',
      reason: expect.stringMatching(/Redis/),
    });
    const response = await ask(services, name);
    expect(response.body.errors?.[0]?.extensions?.code, name).toBe('SERVICE_UNAVAILABLE');
  }
}

async function expectServing(services: Services): Promise<void> {
  await allReady(services);
  for (const name of Object.keys(probes) as (keyof typeof probes)[]) {
    expect((await ask(services, name)).body, name).toEqual({ data: probes[name].data });
  }
}

describe('subgraphs on Redis when Redis is away', () => {
  it('start anyway, report not ready and answer SERVICE_UNAVAILABLE, then serve once Redis is up', async () => {
    await redis.stop();
    const services = await startServices();

    await expectUnavailable(services);
    await redis.restart();
    await expectServing(services);
  }, 60_000);

  it('go unready while Redis is lost and serve the seeded catalog again once it is back', async () => {
    const services = await startServices();
    await allReady(services);

    await redis.stop();
    await expectUnavailable(services);
    // The throwaway server keeps nothing: the services find it empty and seed it again.
    await redis.restart();
    await expectServing(services);
  }, 60_000);
});
