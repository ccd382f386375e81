import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { MemoryPriceReader } from '../../../subgraphs/pricing/adapters/memory-price-reader.js';
import { seedPrice } from '../../../subgraphs/pricing/adapters/seed-catalog.js';
import { buildPricingApp, type PricingApp, startPricingService } from '../../../subgraphs/pricing/app.js';
import { FixedClock } from '../../../subgraphs/shared/adapters/system-clock.js';
import { TEST_NOW } from '../../helpers/pricing-builders.js';

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

let app: PricingApp;
let server: RunningServer;

beforeAll(async () => {
  app = buildPricingApp({ clock: new FixedClock(TEST_NOW) });
  server = await startPricingService({ port: 0, host: '127.0.0.1', log: silentLogger(), app });
});

afterAll(async () => {
  await server?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse,
  };
}

function graphql(query: string, variables: Record<string, unknown> = {}) {
  return post(JSON.stringify({ query, variables }));
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product {
        id
        price { amount currency listAmount saleAmount validFrom validTo }
        shippingEstimate { amount currency }
      }
    }
  }
`;

describe('pricing subgraph over HTTP', () => {
  it('serves its Federation 2 SDL with the key and the weight requirement', async () => {
    const { status, body } = await graphql('{ _service { sdl } }');
    expect(status).toBe(200);
    // One line per definition, whatever line breaks the printer chose.
    const sdl = (body.data?._service as { sdl: string } | undefined)?.sdl.replace(/\s+/g, ' ');
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(sdl).toContain('type Product @key(fields: "id") { id: ID!');
    expect(sdl).toContain('weightGrams: Int! @external');
    expect(sdl).toContain('shippingEstimate: Money @requires(fields: "weightGrams")');
    expect(sdl).toContain('setPrice(productId: ID!, input: SetPriceInput!): Price! @cost(weight: 10)');
  });

  it('resolves seeded products with one price lookup for all representations', async () => {
    const getMany = vi.spyOn(MemoryPriceReader.prototype, 'getMany');
    const representations = ['p-0001', 'p-0002', 'p-0500', 'p-1000'].map((id, index) => ({
      __typename: 'Product',
      id,
      weightGrams: 400 + index * 1_000,
    }));

    const { status, body } = await graphql(ENTITIES, { representations });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const entities = body.data?._entities as {
      id: string;
      price: { amount: number; currency: string; listAmount: number; saleAmount: number | null };
      shippingEstimate: { currency: string };
    }[];
    expect(entities.map((entity) => entity.id)).toEqual(['p-0001', 'p-0002', 'p-0500', 'p-1000']);
    entities.forEach((entity, index) => {
      const seeded = seedPrice(entity.id, [1, 2, 500, 1000][index]!);
      expect(entity.price).toMatchObject({
        currency: seeded.currency,
        listAmount: seeded.listAmount,
        saleAmount: seeded.saleAmount,
        amount: seeded.saleAmount ?? seeded.listAmount,
      });
      expect(entity.shippingEstimate.currency).toBe(seeded.currency);
    });
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany.mock.calls[0]?.[0]).toEqual(['p-0001', 'p-0002', 'p-0500', 'p-1000']);
  });

  it('answers a null price and a euro estimate for a product pricing has no price for', async () => {
    const { body } = await graphql(ENTITIES, {
      representations: [{ __typename: 'Product', id: 'p-unpriced', weightGrams: 600 }],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: 'p-unpriced', price: null, shippingEstimate: { amount: 690, currency: 'EUR' } },
    ]);
  });

  it('reports BAD_USER_INPUT naming weightGrams at the index of a representation without it', async () => {
    const { body } = await graphql(ENTITIES, {
      representations: [
        { __typename: 'Product', id: 'p-0001', weightGrams: 300 },
        { __typename: 'Product', id: 'p-0002' },
      ],
    });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 1, 'shippingEstimate'],
        extensions: { code: 'BAD_USER_INPUT', field: 'weightGrams' },
      }),
    ]);
    const entities = body.data?._entities as { shippingEstimate: unknown }[];
    expect(entities[0]?.shippingEstimate).not.toBeNull();
    expect(entities[1]?.shippingEstimate).toBeNull();
  });

  it('sets a price and serves it afterwards', async () => {
    const { body } = await graphql(
      `mutation ($input: SetPriceInput!) {
        setPrice(productId: "p-0042", input: $input) { amount currency listAmount saleAmount validFrom validTo }
      }`,
      { input: { currency: 'CHF', listAmount: 5000, saleAmount: 4500, validTo: '2026-12-31' } },
    );
    expect(body.errors).toBeUndefined();
    const expected = {
      amount: 4500,
      currency: 'CHF',
      listAmount: 5000,
      saleAmount: 4500,
      validFrom: TEST_NOW,
      validTo: '2026-12-31T00:00:00.000Z',
    };
    expect(body.data?.setPrice).toEqual(expected);

    const read = await graphql(
      '{ price(productId: "p-0042") { amount currency listAmount saleAmount validFrom validTo } }',
    );
    expect(read.body.data?.price).toEqual(expected);
    const events = await app.store.pending(1_000);
    expect(events.map((entry) => entry.event)).toContainEqual(
      expect.objectContaining({ type: 'PriceChanged', aggregateId: 'p-0042' }),
    );
  });

  it('reports NOT_FOUND for the price of an unknown product', async () => {
    const { status, body } = await graphql('{ price(productId: "p-9999") { amount } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ price: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['price'],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it.each([
    ['saleAmount', { currency: 'EUR', listAmount: 1000, saleAmount: 1001 }],
    ['currency', { currency: 'DOGE', listAmount: 1000 }],
    ['listAmount', { currency: 'EUR', listAmount: -1 }],
    ['validTo', { currency: 'EUR', listAmount: 1000, validFrom: '2026-05-01', validTo: '2026-04-01' }],
  ])('reports BAD_USER_INPUT naming %s for a bad price', async (field, input) => {
    const { body } = await graphql(
      'mutation ($input: SetPriceInput!) { setPrice(productId: "p-0001", input: $input) { amount } }',
      { input },
    );
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['setPrice'], extensions: { code: 'BAD_USER_INPUT', field } }),
    ]);
  });

  it('answers 400 with a message to a malformed JSON body', async () => {
    const { status, body } = await post('{"query": "{ _service { sdl } }"');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/not valid JSON/);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('answers 400 with a message to a body that is not a GraphQL request', async () => {
    const { status, body } = await post(JSON.stringify({ hello: 'world' }));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toEqual(expect.any(String));
  });

  it('answers /healthz and /readyz', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(new URL(path, server.url), { signal: AbortSignal.timeout(10_000) });
      expect(response.status, path).toBe(200);
    }
  });

  it('echoes the caller’s x-request-id and makes one up when there is none', async () => {
    const echoed = await post(JSON.stringify({ query: '{ __typename }' }), {
      'x-request-id': 'req-pricing-1',
    });
    expect(echoed.headers.get('x-request-id')).toBe('req-pricing-1');
    const generated = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(generated.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});
