import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { MemoryStockReader } from '../../../subgraphs/inventory/adapters/memory-stock-reader.js';
import { MemoryStockRepository } from '../../../subgraphs/inventory/adapters/memory-stock-repository.js';
import { writeStockLevels } from '../../../subgraphs/inventory/adapters/seed-catalog.js';
import {
  buildInventoryApp,
  type InventoryApp,
  startInventoryService,
} from '../../../subgraphs/inventory/app.js';
import { aStockSnapshot } from '../../helpers/inventory-builders.js';

interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

interface WarehouseStock {
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
}

interface ProductEntity {
  id: string;
  inStock: boolean;
  inventory: Omit<WarehouseStock, 'warehouse'> & { warehouses: WarehouseStock[] };
}

interface Reservation {
  id: string;
  warehouse: string;
  quantity: number;
  status: string;
  createdAt: string;
  product: { id: string; inventory: { reserved: number; available: number } };
}

type Entities = { _entities: ProductEntity[] };

const root = join(import.meta.dirname, '../../..');
let app: InventoryApp;
let server: RunningServer;
let origin: string;

beforeAll(async () => {
  app = buildInventoryApp();
  // Products no seeded id uses, so the tests that change stock start from known levels.
  writeStockLevels(app.store, [
    aStockSnapshot({ productId: 'e2e-race', warehouse: 'AMS', onHand: 10, reserved: 0 }),
    aStockSnapshot({ productId: 'e2e-release', warehouse: 'BER', onHand: 5, reserved: 0 }),
  ]);
  server = await startInventoryService({
    port: 0,
    host: '127.0.0.1',
    log: silentLogger(),
    app,
    production: true,
  });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/graphql`, {
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

async function graphql<TData = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  return (await post(JSON.stringify({ query, variables }))).body as GraphQLResponse<TData>;
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product {
        id
        inStock
        inventory { onHand reserved available warehouses { warehouse onHand reserved available } }
      }
    }
  }
`;

const RESERVE = /* GraphQL */ `
  mutation ($productId: ID!, $quantity: Int!, $warehouse: String) {
    reserveStock(productId: $productId, quantity: $quantity, warehouse: $warehouse) {
      id warehouse quantity status createdAt product { id inventory { reserved available } }
    }
  }
`;

function representations(ids: readonly string[]) {
  return ids.map((id) => ({ __typename: 'Product', id }));
}

describe('inventory subgraph over HTTP', () => {
  it('serves its Federation 2 SDL with the Product key and the inventory fields', async () => {
    const body = await graphql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const sdl = body.data?._service.sdl.replace(/\s+/g, ' ');
    expect(sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])',
    );
    expect(sdl).toContain('warehouses: [WarehouseStock!]! @listSize(assumedSize: 3)');
    expect(sdl).toContain('type Product @key(fields: "id") { id: ID!');
    expect(sdl).toContain('inventory: Inventory!');
    expect(sdl).toContain(
      'reserveStock(productId: ID!, quantity: Int!, warehouse: String): Reservation! @cost(weight: 10)',
    );
  });

  it('resolves seeded products with one stock lookup for all representations', async () => {
    const getMany = vi.spyOn(MemoryStockReader.prototype, 'getMany');
    const get = vi.spyOn(MemoryStockRepository.prototype, 'get');
    const ids = ['p-0001', 'p-0002', 'p-0500', 'p-1000', 'p-0001'];
    const body = await graphql<Entities>(ENTITIES, { representations: representations(ids) });
    expect(body.errors).toBeUndefined();
    const entities = body.data?._entities ?? [];
    expect(entities.map((entity) => entity.id)).toEqual(ids);
    for (const entity of entities) {
      const { onHand, reserved, available, warehouses } = entity.inventory;
      expect(available).toBe(onHand - reserved);
      expect(warehouses.length).toBeGreaterThan(0);
      expect(onHand).toBe(
        warehouses.reduce((sum: number, level: { onHand: number }) => sum + level.onHand, 0),
      );
      expect(entity.inStock).toBe(available > 0);
    }
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledWith(['p-0001', 'p-0002', 'p-0500', 'p-1000']);
    expect(get).not.toHaveBeenCalled();
  });

  it('answers zeros for a product inventory never stocked', async () => {
    const body = await graphql(ENTITIES, { representations: representations(['p-unknown']) });
    expect(body).toEqual({
      data: {
        _entities: [
          {
            id: 'p-unknown',
            inStock: false,
            inventory: { onHand: 0, reserved: 0, available: 0, warehouses: [] },
          },
        ],
      },
    });
  });

  it('lists the warehouses', async () => {
    expect(await graphql('{ warehouses }')).toEqual({ data: { warehouses: ['AMS', 'BER', 'LIS'] } });
  });

  it('adjusts stock with a mutation', async () => {
    const body = await graphql(
      'mutation { adjustStock(productId: "e2e-adjust", warehouse: "LIS", delta: 12) { warehouse onHand reserved available } }',
    );
    expect(body).toEqual({
      data: { adjustStock: { warehouse: 'LIS', onHand: 12, reserved: 0, available: 12 } },
    });
  });

  it('reserves, reads back and releases a reservation', async () => {
    const reserved = await graphql<{ reserveStock: Reservation }>(RESERVE, {
      productId: 'e2e-release',
      quantity: 2,
    });
    expect(reserved.errors).toBeUndefined();
    const reservation = reserved.data?.reserveStock as Reservation;
    expect(reservation).toMatchObject({
      warehouse: 'BER',
      quantity: 2,
      status: 'ACTIVE',
      product: { id: 'e2e-release', inventory: { reserved: 2, available: 3 } },
    });
    expect(new Date(reservation.createdAt).toISOString()).toBe(reservation.createdAt);

    const read = await graphql('query ($id: ID!) { reservation(id: $id) { id status product { id } } }', {
      id: reservation.id,
    });
    expect(read.data?.reservation).toEqual({
      id: reservation.id,
      status: 'ACTIVE',
      product: { id: 'e2e-release' },
    });

    const release =
      'mutation ($id: ID!) { releaseReservation(id: $id) { status product { inventory { reserved } } } }';
    expect((await graphql(release, { id: reservation.id })).data?.releaseReservation).toEqual({
      status: 'RELEASED',
      product: { inventory: { reserved: 0 } },
    });
    const again = await graphql(release, { id: reservation.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('reserves exactly the stock there is when 50 reservations race for 10 units', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        graphql(RESERVE, { productId: 'e2e-race', quantity: 1, warehouse: 'AMS' }),
      ),
    );
    const reserved = responses.filter((body) => body.data?.reserveStock);
    const refused = responses.filter((body) => body.errors);
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const body of refused) {
      expect(body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(body.errors?.[0]?.message).toMatch(/^Insufficient stock for product e2e-race at AMS/);
    }
    const after = await graphql<Entities>(ENTITIES, { representations: representations(['e2e-race']) });
    expect(after.data?._entities[0]?.inventory).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    expect(after.data?._entities[0]?.inStock).toBe(false);
  });

  it('answers NOT_FOUND, with no stack trace, for a reservation of a product it has no record of', async () => {
    const body = await graphql(RESERVE, { productId: 'p-never-stocked', quantity: 1 });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['reserveStock'],
        extensions: { code: 'NOT_FOUND', field: 'productId' },
      }),
    ]);
  });

  it('answers NOT_FOUND for an unknown reservation', async () => {
    const body = await graphql('{ reservation(id: "r-none") { id } }');
    expect(body.data).toEqual({ reservation: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'No reservation has id "r-none".',
        path: ['reservation'],
        extensions: { code: 'NOT_FOUND', field: 'id' },
      }),
    ]);
  });

  it.each([
    ['warehouse', 'mutation { adjustStock(productId: "p-0001", warehouse: "XYZ", delta: 1) { onHand } }'],
    ['delta', 'mutation { adjustStock(productId: "p-0001", warehouse: "AMS", delta: 0) { onHand } }'],
    ['quantity', 'mutation { reserveStock(productId: "p-0001", quantity: 0) { id } }'],
    ['productId', 'mutation { reserveStock(productId: "", quantity: 1) { id } }'],
  ])('answers BAD_USER_INPUT naming %s', async (field, mutation) => {
    const body = await graphql(mutation);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(body.errors?.[0]?.message).toContain(field);
  });

  it('answers 400 with a message for a malformed JSON body', async () => {
    const { status, body } = await post('{"query": ');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/not valid JSON/);
  });

  it('answers 400 for a body that is not a GraphQL request', async () => {
    const { status, body } = await post(JSON.stringify({ hello: 'world' }));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBeTruthy();
  });

  it('echoes the caller x-request-id and makes one up otherwise', async () => {
    const given = await post(JSON.stringify({ query: '{ warehouses }' }), { 'x-request-id': 'order-7781' });
    expect(given.headers.get('x-request-id')).toBe('order-7781');
    const made = await post(JSON.stringify({ query: '{ warehouses }' }));
    expect(made.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('answers /healthz and /readyz', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status, path).toBe(200);
    }
  });
});

describe('inventory entry point', () => {
  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/inventory/main.ts'], {
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
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(killer);
        resolve(code);
      }),
    );
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it('serves on the port from the environment and stops cleanly on SIGTERM', async () => {
    const { child, exited, output } = run({ PORT: '0', HOST: '127.0.0.1' });
    const url = await new Promise<string | undefined>((resolve) => {
      child.stdout.on('data', () => {
        const found = /(http:\/\/[^\s"]+\/graphql)/.exec(output().stdout)?.[1];
        if (found) resolve(found);
      });
      exited.then(() => resolve(undefined));
    });
    expect(url, output().stderr).toBeDefined();
    const response = await fetch(url!.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ _entities(representations: [{__typename: "Product", id: "p-0001"}]) { ... on Product { inStock } } }',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(((await response.json()) as GraphQLResponse<Entities>).data?._entities).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT: must be a port number \(got "eighty"\)/],
    [{ STORAGE: 'postgres' }, /STORAGE: must be memory or redis/],
    [
      { STORAGE: 'redis', REDIS_URL: 'http://127.0.0.1:6379' },
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    ],
  ])('refuses to start with %j, saying why', async (env, message) => {
    const { exited, output } = run(env);
    expect(await exited).toBe(1);
    expect(output().stderr).toMatch(message);
  });
});
