import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { MemoryProductRepository } from '../../../subgraphs/product/adapters/memory-product-repository.js';
import { buildProductApp, type ProductApp, startProductService } from '../../../subgraphs/product/app.js';

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The GraphQL `Product`, as far as a query selected it. */
type ProductFields = Partial<{
  id: string;
  sku: string;
  name: string;
  description: string | null;
  category: string;
  weightGrams: number;
  createdAt: string;
  updatedAt: string;
}>;

interface ProductPageFields {
  items: ProductFields[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

let app: ProductApp;
let server: RunningServer;
let endpoint: string;

beforeAll(async () => {
  app = buildProductApp();
  server = await startProductService({
    port: 0,
    host: '127.0.0.1',
    log: silentLogger(),
    app,
    production: true,
  });
  endpoint = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function graphql<TData>(
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(`${endpoint}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as GraphQLResponse<TData>;
}

type Entities = { _entities: (ProductFields | null)[] };

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product { id sku name weightGrams category }
    }
  }
`;

describe('product subgraph over HTTP', () => {
  it('serves its Federation 2 SDL through _service', async () => {
    const { data } = await graphql<{ _service: { sdl: string } }>('{ _service { sdl } }');

    const sdl = data?._service.sdl;
    expect(sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])',
    );
    expect(sdl).toMatch(
      /products\(first: Int = 20, after: String, category: Category\): \[Product!\]!\s+@listSize\(/,
    );
    expect(sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('productPage(first: Int = 20, after: String, category: Category): ProductPage!');
    expect(app.sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
  });

  it('resolves several product representations with one repository call', async () => {
    const getMany = vi.spyOn(MemoryProductRepository.prototype, 'getMany');
    const ids = ['p-0001', 'p-0500', 'p-1000', 'p-0002'];

    const { data, errors } = await graphql<Entities>(ENTITIES, {
      representations: ids.map((id) => ({ __typename: 'Product', id })),
    });

    expect(errors).toBeUndefined();
    expect(data?._entities.map((entity) => entity?.id)).toEqual(ids);
    expect(data?._entities[0]).toEqual({
      id: 'p-0001',
      sku: expect.stringMatching(/^[A-Z]{2}-0001-[A-Z]{2}$/),
      name: expect.any(String),
      weightGrams: expect.any(Number),
      category: expect.any(String),
    });
    expect(getMany).toHaveBeenCalledTimes(1);
  });

  it('answers NOT_FOUND at the index of an unknown representation and resolves the rest', async () => {
    const { data, errors } = await graphql<Entities>(ENTITIES, {
      representations: [
        { __typename: 'Product', id: 'p-0010' },
        { __typename: 'Product', id: 'p-4040' },
      ],
    });

    expect(data?._entities[0]).toMatchObject({ id: 'p-0010' });
    expect(data?._entities[1]).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1], extensions: { code: 'NOT_FOUND', field: 'id' } }),
    ]);
  });

  it('answers NOT_FOUND for an unknown product id', async () => {
    const { data, errors } = await graphql<{ product: ProductFields | null }>(
      '{ product(id: "p-4040") { id } }',
    );

    expect(data?.product).toBeNull();
    expect(errors?.[0]).toMatchObject({ path: ['product'], extensions: { code: 'NOT_FOUND' } });
  });

  it('creates and then updates a product', async () => {
    const created = await graphql<{ createProduct: ProductFields }>(
      `mutation ($input: CreateProductInput!) {
        createProduct(input: $input) { id sku name description category weightGrams createdAt updatedAt }
      }`,
      { input: { sku: 'kt-7777-xy', name: ' Cast Iron Pan ', category: 'KITCHEN', weightGrams: 2300 } },
    );
    expect(created.errors).toBeUndefined();
    const product = created.data?.createProduct ?? {};
    expect(product).toMatchObject({
      sku: 'KT-7777-XY',
      name: 'Cast Iron Pan',
      description: null,
      category: 'KITCHEN',
      weightGrams: 2300,
    });
    expect(product.createdAt).toBe(new Date(product.createdAt ?? 'missing').toISOString());
    expect(product.updatedAt).toBe(product.createdAt);

    const updated = await graphql<{ updateProduct: ProductFields }>(
      `mutation ($id: ID!) { updateProduct(id: $id, input: { description: "Pre-seasoned.", weightGrams: 2250 }) {
        id sku description weightGrams
      } }`,
      { id: product.id },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateProduct).toEqual({
      id: product.id,
      sku: 'KT-7777-XY',
      description: 'Pre-seasoned.',
      weightGrams: 2250,
    });
    const read = await graphql<{ product: ProductFields }>(
      `{ product(id: "${product.id}") { weightGrams } }`,
    );
    expect(read.data?.product).toEqual({ weightGrams: 2250 });
  });

  it('answers BAD_USER_INPUT naming the field that is wrong', async () => {
    const { data, errors } = await graphql<{ createProduct: ProductFields }>(
      `mutation { createProduct(input: { sku: "GD-1-AA", name: "   ", category: GARDEN, weightGrams: 10 }) { id } }`,
    );

    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({
      message: expect.stringContaining('name'),
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
  });

  it('answers CONFLICT for a sku that is taken', async () => {
    const seeded = await graphql<{ product: ProductFields }>('{ product(id: "p-0001") { sku } }');
    const { errors } = await graphql(
      `mutation ($sku: String!) { createProduct(input: { sku: $sku, name: "Dup", category: TOYS, weightGrams: 1 }) { id } }`,
      { sku: seeded.data?.product?.sku },
    );

    expect(errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'sku' });
  });

  it('pages through the catalog with opaque cursors', async () => {
    const query = `query ($after: String) { productPage(first: 2, after: $after, category: BOOKS) {
      items { id category } endCursor hasNextPage totalCount
    } }`;
    const first = (await graphql<{ productPage: ProductPageFields }>(query)).data?.productPage;
    const second = (await graphql<{ productPage: ProductPageFields }>(query, { after: first?.endCursor }))
      .data?.productPage;

    expect(first?.items).toHaveLength(2);
    expect(second?.items).toHaveLength(2);
    const ids = [...(first?.items ?? []), ...(second?.items ?? [])].map((item) => item.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(4);
    expect(
      [...(first?.items ?? []), ...(second?.items ?? [])].every((item) => item.category === 'BOOKS'),
    ).toBe(true);
    expect(first?.totalCount).toBeGreaterThan(4);
    expect(first?.totalCount).toBe(second?.totalCount);
    expect(first?.hasNextPage).toBe(true);

    const { errors } = await graphql('{ products(first: 500) { id } }');
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('answers a malformed JSON body with 400 and a message', async () => {
    const response = await fetch(`${endpoint}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ product(id: \\"p-0001\\") { id } }"',
      signal: AbortSignal.timeout(10_000),
    });

    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse<never>;
    expect(body.errors?.[0]?.message).toMatch(/not valid JSON/);
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(10_000) });
    const ready = await fetch(`${endpoint}/readyz`, { signal: AbortSignal.timeout(10_000) });

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('echoes the caller’s x-request-id, and makes one up when there is none', async () => {
    const echoed = await fetch(`${endpoint}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(10_000),
    });
    const generated = await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(10_000) });

    expect(echoed.headers.get('x-request-id')).toBe('trace-me-42');
    expect(generated.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
  it('serves Prometheus metrics: process metrics and its GraphQL requests by status', async () => {
    await graphql('{ product(id: "p-0001") { id } }');
    const response = await fetch(`${endpoint}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    const served =
      /^hexagraph_subgraph_request_duration_seconds_count\{service="product",status="200"\} (\d+)/m.exec(
        text,
      );
    expect(Number(served?.[1])).toBeGreaterThanOrEqual(1);
  });
});

describe('product entry point (subgraphs/product/main.ts)', () => {
  const root = join(import.meta.dirname, '../../..');

  /** Runs main.ts with `env` until it exits or prints its URL; then stops it. */
  async function runMain(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/product/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const serving = new Promise<void>((resolve) => {
      child.stdout.on('data', () => {
        if (stdout.includes('/graphql')) resolve();
      });
    });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      const first = await Promise.race([
        exited.then(() => 'exited' as const),
        serving.then(() => 'serving' as const),
      ]);
      let served: string | undefined;
      if (first === 'serving') {
        const url = /(http:\/\/[^\s"]+\/graphql)/.exec(stdout)?.[1] ?? '';
        const response = await fetch(url.replace('localhost', '127.0.0.1'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ product(id: "p-0001") { id } }' }),
          signal: AbortSignal.timeout(10_000),
        });
        served = JSON.stringify(await response.json());
        child.kill('SIGTERM');
      }
      return { code: await exited, stdout, stderr, served };
    } finally {
      clearTimeout(timeout);
    }
  }

  it('serves the seeded catalog on the port it is given and stops cleanly on SIGTERM', async () => {
    const run = await runMain({ PORT: '0', HOST: '127.0.0.1' });

    expect(run.served).toBe('{"data":{"product":{"id":"p-0001"}}}');
    expect(run.code).toBe(0);
    // Its start-up and shutdown lines are JSON log lines like every other.
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'product', msg: 'product subgraph ready', storage: 'memory' }),
    );
  });

  it('refuses to start with a bad PORT, naming it', async () => {
    const run = await runMain({ PORT: 'eighty' });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/product: .*\n.*PORT: must be a port number \(got "eighty"\)/);
  });

  it('refuses to start on a storage it does not offer', async () => {
    const run = await runMain({ PORT: '0', STORAGE: 'postgres' });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/STORAGE: must be memory or redis \(got "postgres"\)/);
  });
});
