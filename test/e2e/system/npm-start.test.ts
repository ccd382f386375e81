import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionRefused } from '../../helpers/raw-http.js';
import { startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

// `npm start` is the first command of the README: it must serve the federated catalog and stop
// cleanly on Ctrl-C. Every port is ephemeral here so the test never collides with a running copy.
describe('npm start (scripts/start.ts)', () => {
  let system: TsxProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    system = startTsxProcess('scripts/start.ts', {
      GATEWAY_PORT: '0',
      PRODUCT_PORT: '0',
      INVENTORY_PORT: '0',
      PRICING_PORT: '0',
      LOG_LEVEL: 'info',
      STORAGE: 'memory',
      REDIS_URL: undefined,
      // Meant for the gateway's own process: here it is set only to see it refused politely.
      WORKER_PROCESSES: '2',
    });
    const match = await system.waitForOutput(/gateway\s+(http:\/\/localhost:\d+\/graphql)/, 30_000);
    gatewayUrl = match[1]!;
  });

  afterAll(async () => {
    if (system.child.exitCode === null) await system.stop('SIGKILL');
  });

  it('prints the URL of every service', () => {
    const { stdout } = system.output();
    for (const name of ['product', 'inventory', 'pricing'])
      expect(stdout).toMatch(new RegExp(`${name}\\s+http://`));
  });

  it('runs one gateway beside the subgraphs, and says so when WORKER_PROCESSES asks for more', () => {
    const { stdout } = system.output();
    expect(stdout).toContain(
      "WORKER_PROCESSES=2 is for the gateway's own process (npm run start:gateway, the container image); npm start runs one gateway",
    );
    expect(stdout.match(/"msg":"gateway listening"/g)).toHaveLength(1);
  });

  it('prints the banner after the start-up lines the gateway logged', () => {
    const { stdout } = system.output();
    const listening = stdout.indexOf('"msg":"gateway listening"');

    expect(listening).toBeGreaterThan(-1);
    expect(stdout.indexOf('Hexagraph is running')).toBeGreaterThan(listening);
  });

  it('serves products with prices and stock through the gateway', async () => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ products(first: 2) { id name price { amount currency } inventory { available } inStock } }',
      }),
    });
    const body = (await response.json()) as {
      data: { products: Record<string, unknown>[] };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.products).toHaveLength(2);
    expect(body.data.products[0]).toMatchObject({
      id: 'p-0001',
      price: { amount: expect.any(Number), currency: expect.any(String) },
      inventory: { available: expect.any(Number) },
    });
  });

  it('gives a product created through the gateway its default price, through the event bus', async () => {
    const graphql = async (query: string) => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as {
        data?: { createProduct?: { id: string }; product?: { price: unknown } };
        errors?: unknown;
      };
    };
    const created = await graphql(
      'mutation { createProduct(input: { sku: "NS-0001-AA", name: "Start check", category: BOOKS, weightGrams: 250 }) { id } }',
    );
    expect(created.errors).toBeUndefined();
    const id = created.data?.createProduct?.id;
    expect(id).toBeDefined();

    let price: unknown = null;
    for (let attempt = 0; attempt < 50 && price === null; attempt += 1) {
      const answer = await graphql(`{ product(id: "${id}") { price { amount currency } } }`);
      price = answer.data?.product?.price ?? null;
      if (price === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(price).toEqual({ amount: expect.any(Number), currency: expect.any(String) });
  });

  it('answers expected domain errors without a stack trace, though in development', async () => {
    const errorsOf = async (query: string) => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return ((await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] }).errors;
    };
    const unknownStock = await errorsOf('mutation { reserveStock(productId: "p-none", quantity: 1) { id } }');
    const blankName = await errorsOf('mutation { updateProduct(id: "p-0001", input: { name: " " }) { id } }');
    const unknownProduct = await errorsOf('{ product(id: "p-none") { id } }');
    for (const [errors, code] of [
      [unknownStock, 'NOT_FOUND'],
      [blankName, 'BAD_USER_INPUT'],
      [unknownProduct, 'NOT_FOUND'],
    ] as const) {
      expect(errors?.[0]?.extensions?.code).toBe(code);
      expect(errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    }
  });

  it('stops cleanly on Ctrl-C, after serving, and leaves no port listening', async () => {
    // Stands alone: it makes the system serve first, so the stop has open connections to drain.
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ products(first: 1) { id inStock price { currency } } }' }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    // The banner's lines, not the log lines that name the same URLs.
    const ports = [...system.output().stdout.matchAll(/^ +\w+ +http:\/\/localhost:(\d+)\/graphql/gm)].map(
      (match) => Number(match[1]),
    );
    expect(ports).toHaveLength(4);

    expect(await system.stop('SIGINT')).toBe(0);

    for (const port of ports) expect(await connectionRefused(port), `port ${port}`).toBe(true);
  });
});

// `npm start` runs npm -> sh -> tsx -> node. A SIGTERM to npm (what a process manager or a
// container runtime sends) must reach the node process that listens, which drains and exits, and
// nothing of the process group may be left behind, least of all something still listening.
describe('npm start under SIGTERM', () => {
  let npm: ChildProcess;
  let output = '';
  let exited: Promise<void>;

  beforeAll(async () => {
    npm = spawn('npm', ['start'], {
      cwd: join(import.meta.dirname, '../../..'),
      // A process group of its own, so the test can see whether anything of it outlives npm.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: undefined,
        GATEWAY_PORT: '0',
        PRODUCT_PORT: '0',
        INVENTORY_PORT: '0',
        PRICING_PORT: '0',
        LOG_LEVEL: 'warn',
        STORAGE: 'memory',
        REDIS_URL: undefined,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    exited = new Promise((resolve) => npm.once('exit', () => resolve()));
    await waitUntil(
      () => output,
      (text) => text.includes('Press Ctrl-C to stop.'),
      {
        timeoutMs: 60_000,
        what: 'npm start to print its URLs',
      },
    );
  }, 90_000);

  afterAll(() => {
    if (groupAlive(npm.pid as number)) process.kill(-(npm.pid as number), 'SIGKILL');
  });

  it('stops every process it started and leaves no port listening', async () => {
    const ports = [...output.matchAll(/http:\/\/localhost:(\d+)\/graphql/g)].map((match) => Number(match[1]));
    expect(ports).toHaveLength(4);

    npm.kill('SIGTERM');
    await exited;

    await waitUntil(
      () => groupAlive(npm.pid as number),
      (alive) => !alive,
      {
        what: 'every process of the npm start group to exit',
      },
    );
    for (const port of ports) expect(await connectionRefused(port)).toBe(true);
  }, 60_000);
});

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
