import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { startInventoryService } from '../../../subgraphs/inventory/app.js';
import { startPricingService } from '../../../subgraphs/pricing/app.js';
import { startProductService } from '../../../subgraphs/product/app.js';
import type { RunningFederation } from '../../helpers/federation-fixture.js';
import { composeOrThrow } from '../../helpers/federation-fixture.js';
import { startReviewFederation } from './review-federation.js';

async function post(
  url: string,
  query: string,
): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** Requests each subgraph received while `run` ran. */
async function countRequests(
  federation: RunningFederation,
  run: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const before = federation.requestCounts();
  await run();
  const after = federation.requestCounts();
  return Object.fromEntries(
    Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)]),
  );
}

describe('subgraph requests per operation (fixture subgraphs)', () => {
  let federation: RunningFederation;
  let gateway: RunningGateway;

  beforeAll(async () => {
    federation = await startReviewFederation();
    gateway = await startGateway(gatewayConfig({ core: { port: 0 } }), {
      supergraphSdl: federation.supergraphSdl,
      log: silentLogger(),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await federation?.close();
  });

  it('answers products with price and stock in three requests, one per subgraph', async () => {
    let result: Awaited<ReturnType<typeof post>> | undefined;
    const counts = await countRequests(federation, async () => {
      result = await post(
        gateway.url,
        '{ products(first: 30) { name price { amount } inventory { available } } }',
      );
    });
    expect(result?.errors).toBeUndefined();
    expect(result?.data?.products).toHaveLength(30);
    expect(counts).toEqual({ catalog: 1, pricing: 1, stock: 1, reviews: 0, users: 0 });
  });

  it('makes one request per subgraph per level of a three-level nested query, not one per entity', async () => {
    let result: Awaited<ReturnType<typeof post>> | undefined;
    const counts = await countRequests(federation, async () => {
      result = await post(
        gateway.url,
        '{ products(first: 30) { name reviews { body author { name favorite { name price { amount } } } } } }',
      );
    });
    expect(result?.errors).toBeUndefined();
    const products = result?.data?.products as { reviews: { author: { favorite: { name: string } } }[] }[];
    // 30 products, 90 reviews, 5 distinct authors, 5 distinct favourite products.
    expect(products.flatMap((product) => product.reviews)).toHaveLength(90);
    expect(products[0]?.reviews[0]?.author.favorite).toEqual({ name: 'Product 12', price: { amount: 1200 } });
    // Level 0: catalog; level 1: reviews; level 2: users; level 3: catalog and pricing for the favourites.
    expect(counts).toEqual({ catalog: 2, pricing: 1, stock: 0, reviews: 1, users: 1 });
  });
});

describe('subgraph requests per operation (the catalog subgraphs)', () => {
  const servers: Record<string, RunningServer> = {};
  const counts: Record<string, number> = { product: 0, inventory: 0, pricing: 0 };
  let gateway: RunningGateway;

  beforeAll(async () => {
    const log = silentLogger();
    servers.product = await startProductService({ port: 0, host: '127.0.0.1', log });
    servers.inventory = await startInventoryService({ port: 0, host: '127.0.0.1', log });
    servers.pricing = await startPricingService({ port: 0, host: '127.0.0.1', log });
    const sources = Object.entries(servers).map(([name, server]) => {
      server.server.on('request', (req) => {
        if (req.url?.startsWith('/graphql')) counts[name] = (counts[name] ?? 0) + 1;
      });
      const sdl = readFileSync(new URL(`../../../schema/${name}.graphql`, import.meta.url), 'utf8');
      return { name, url: `http://127.0.0.1:${server.port}/graphql`, sdl };
    });
    gateway = await startGateway(gatewayConfig({ core: { port: 0 } }), {
      supergraphSdl: composeOrThrow('catalog', sources),
      log,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it('answers { products(first: 100) { name price { amount } inventory { available } } } in exactly 3 requests', async () => {
    const result = await post(
      gateway.url,
      '{ products(first: 100) { name price { amount } inventory { available } } }',
    );
    expect(result.errors).toBeUndefined();
    const products = result.data?.products as {
      name: string;
      price: { amount: number } | null;
      inventory: { available: number };
    }[];
    expect(products).toHaveLength(100);
    expect(products.every((product) => typeof product.inventory.available === 'number')).toBe(true);
    expect(counts).toEqual({ product: 1, inventory: 1, pricing: 1 });
  });
});
