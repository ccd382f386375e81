import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import type { SchemaCheckReport } from '../../../scripts/schema-check/check-subgraph-schema.js';
import { runSchemaCheck } from '../../../scripts/schema-check/run-schema-check.js';
import { buildPricingApp, startPricingService } from '../../../subgraphs/pricing/app.js';

const root = join(import.meta.dirname, '../../..');
const fixtures = 'test/fixtures/schema-check';
const baseline = `${fixtures}/baseline`;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runSchemaCheck(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: root,
  });
  return { code, stdout, stderr };
}

/** Checks a fixture variant against the fixture baseline and returns the JSON report. */
async function checkFixture(subgraph: string, variant: string, ...extra: string[]) {
  const run = await check(
    '--subgraph',
    subgraph,
    '--schema',
    `${fixtures}/${variant}`,
    '--schema-dir',
    baseline,
    '--json',
    ...extra,
  );
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as SchemaCheckReport & { exitCode: number } };
}

describe('schema:check against the fixture baseline', () => {
  it('passes a new optional field and reports it as a safe change', async () => {
    const { code, report } = await checkFixture('product', 'product-with-optional-field.graphql');

    expect(code).toBe(0);
    expect(report).toMatchObject({ passed: true, exitCode: 0, failures: [], composition: { ok: true } });
    expect(report.changes).toEqual([
      {
        severity: 'safe',
        kind: 'FIELD_ADDED',
        coordinate: 'Product.colour',
        description: 'Field `Product.colour` was added.',
        usedBy: [],
      },
    ]);
    expect(report.operations?.broken).toEqual([]);
  });

  it('fails when a removed field is used by a known operation, naming the operation and file', async () => {
    const { code, report } = await checkFixture('pricing', 'pricing-without-price.graphql');

    expect(code).toBe(1);
    expect(report.passed).toBe(false);
    expect(report.changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        kind: 'FIELD_REMOVED',
        coordinate: 'Product.price',
        usedBy: expect.arrayContaining([
          {
            file: `${baseline}/operations/products-with-price-and-stock.graphql`,
            operation: 'ProductsWithPriceAndStock',
          },
        ]),
      }),
    ]);
    expect(report.operations?.broken).toContainEqual({
      file: `${baseline}/operations/products-with-price-and-stock.graphql`,
      operation: 'ProductsWithPriceAndStock',
      problems: [
        {
          message: 'Cannot query field "price" on type "Product".',
          location: `${baseline}/operations/products-with-price-and-stock.graphql:6:5`,
        },
      ],
    });
  });

  it('prints the broken operation and a FAIL line in the default text output', async () => {
    const run = await check(
      '--subgraph',
      'pricing',
      '--schema',
      `${fixtures}/pricing-without-price.graphql`,
      '--schema-dir',
      baseline,
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BREAKING   Field `Product.price` was removed.');
    expect(run.stdout).toContain(
      `ProductsWithPriceAndStock (${baseline}/operations/products-with-price-and-stock.graphql)`,
    );
    expect(run.stdout).toContain('Cannot query field "price" on type "Product".');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAIL: 2 known operations no longer validate\./);
  });

  it('classifies a nullable input field made non-null as breaking and fails when an operation sends it', async () => {
    const { code, report } = await checkFixture('pricing', 'pricing-required-sale-amount.graphql');

    expect(report.changes).toEqual([
      {
        severity: 'breaking',
        kind: 'INPUT_FIELD_TYPE_CHANGED',
        coordinate: 'SetPriceInput.saleAmount',
        description:
          'Input field `SetPriceInput.saleAmount` changed type from `Int` to `Int!`: it is required now.',
        usedBy: [{ file: `${baseline}/operations/set-price.graphql`, operation: 'SetPrice' }],
      },
    ]);
    // Every operation still validates (the input arrives in a variable); the usage alone fails it.
    expect(report.operations?.broken).toEqual([]);
    expect(code).toBe(1);
    expect(report.failures).toEqual(['1 breaking change touches what known operations use.']);
  });

  it('reports a breaking change no known operation uses but passes, unless --strict', async () => {
    const lenient = await checkFixture('inventory', 'inventory-without-warehouses.graphql');
    expect(lenient.code).toBe(0);
    expect(lenient.report.changes).toEqual([
      expect.objectContaining({ severity: 'breaking', coordinate: 'Query.warehouses', usedBy: [] }),
    ]);
    expect(lenient.report.notes).toEqual([
      '1 breaking change that no known operation uses: reported, not failing (--strict fails on them).',
    ]);

    const strict = await checkFixture('inventory', 'inventory-without-warehouses.graphql', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.report.failures).toEqual(['1 breaking change that no known operation uses (--strict).']);
  });

  it('reports a key field conflict as a composition error naming both subgraphs and the coordinate', async () => {
    const { code, report } = await checkFixture('inventory', 'inventory-with-string-key.graphql');

    expect(code).toBe(1);
    expect(report.composition.ok).toBe(false);
    expect(report.composition.errors).toEqual([
      expect.objectContaining({
        code: 'FIELD_TYPE_MISMATCH',
        coordinate: 'Product.id',
        subgraphs: expect.arrayContaining(['inventory', 'product']),
      }),
    ]);
    expect(report.composition.errors[0]!.message).toContain('"String!" in subgraph "inventory"');
    expect(report.changes).toEqual([]);
    expect(report.operations).toBeNull();
  });

  it('exits 2 naming the line and column of a syntax error in the proposed file', async () => {
    const run = await check(
      '--subgraph',
      'product',
      '--schema',
      `${fixtures}/product-with-syntax-error.graphql`,
      '--schema-dir',
      baseline,
    );

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${fixtures}/product-with-syntax-error.graphql:47:21: Syntax Error: Expected Name, found "!".`,
    );
  });
});

describe('schema:check input errors', () => {
  it('exits 2 with the usage text when --subgraph is missing', async () => {
    const run = await check('--schema', 'schema/product.graphql');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Missing --subgraph <name>.');
    expect(run.stderr).toContain('Usage: npm run schema:check');
  });

  it('exits 2 for an unknown option', async () => {
    const run = await check('--subgraph', 'product', '--schema', 'schema/product.graphql', '--force');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--force'");
  });

  it('exits 2 naming the subgraphs it knows when --subgraph names none of them', async () => {
    const run = await check('--subgraph', 'shipping', '--schema', 'schema/product.graphql');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown subgraph "shipping"');
    expect(run.stderr).toContain('lists product, inventory, pricing');
  });

  it('exits 2 naming a proposed file that does not exist, also as JSON', async () => {
    const run = await check('--subgraph', 'product', '--schema', 'schema/nope.graphql', '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Cannot read proposed schema ${join(root, 'schema/nope.graphql')}: no such file.`,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ passed: false, exitCode: 2 });
  });

  it('exits 2 with a clear message when nothing listens at the URL', async () => {
    const port = await closedLoopbackPort();
    const run = await check('--subgraph', 'pricing', '--schema', `http://127.0.0.1:${port}/graphql`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot reach http://127.0.0.1:${port}/graphql: connection refused`);
  });

  describe('with a subgraph that accepts connections but never answers', () => {
    let silent: { port: number; close(): Promise<void> };
    beforeAll(async () => {
      silent = await startSilentServer();
    });
    afterAll(() => silent.close());

    it('exits 2 once --timeout has passed, saying the subgraph did not answer', async () => {
      const url = `http://127.0.0.1:${silent.port}/graphql`;
      const run = await check('--subgraph', 'pricing', '--schema', url, '--timeout', '300');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${url} did not answer within 300 ms.`);
    });
  });
});

describe('schema:check of the committed schema', () => {
  it.each(['product', 'inventory', 'pricing'])(
    'passes the unchanged %s subgraph with no changes',
    async (name) => {
      const run = await check('--subgraph', name, '--schema', `schema/${name}.graphql`, '--json');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as SchemaCheckReport;
      expect(report).toMatchObject({ passed: true, changes: [], failures: [], notes: [] });
      expect(report.operations?.checked).toBeGreaterThan(0);
    },
  );

  describe('against a running subgraph', () => {
    let pricing: RunningServer;
    beforeAll(async () => {
      pricing = await startPricingService({
        port: 0,
        host: '127.0.0.1',
        log: silentLogger(),
        app: buildPricingApp({ seed: false }),
      });
    });
    afterAll(() => pricing.close());

    it('passes the schema the pricing service serves at its URL', async () => {
      const run = await check('--subgraph', 'pricing', '--schema', pricing.url);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('API schema changes: none');
      expect(run.stdout.trimEnd().endsWith('PASS')).toBe(true);
    });
  });
});

/** A loopback port nothing listens on: bound, then released. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never writes a byte. */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
