/**
 * `npm run soak -- [--seconds 60] [--concurrency 16] [--flap-seconds 4]`: starts the three subgraphs
 * and the gateway in this process, drives mixed traffic at the gateway for a bounded time while
 * the pricing subgraph flaps (healthy -> 503s -> too slow -> down -> healthy ...), then prints
 * requests served, error codes seen, latency percentiles and the process RSS at start and end.
 * Exits 1 when the gateway itself failed to answer a request.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { loadGatewayConfig } from '../gateway/src/config/gateway-config.js';
import { createGatewayMetrics } from '../gateway/src/observability/gateway-metrics.js';
import { gatewayTelemetry } from '../gateway/src/observability/gateway-telemetry.js';
import { startGateway } from '../gateway/src/start-gateway.js';
import { createUpstream } from '../gateway/src/upstream/create-upstream.js';
import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startInventoryService } from '../subgraphs/inventory/app.js';
import { startPricingService } from '../subgraphs/pricing/app.js';
import { startProductService } from '../subgraphs/product/app.js';
import { seedProductId } from '../subgraphs/shared/seed.js';

const root = join(import.meta.dirname, '..');

const options = parseOptions();

// Tighter than the defaults so that one run shows timeouts, retries and the breaker at work; any
// of these (and every other upstream variable) can still be set in the environment.
const environment: Record<string, string | undefined> = {
  REQUEST_TIMEOUT_MS: '3000',
  UPSTREAM_PRICING_TIMEOUT_MS: '400',
  UPSTREAM_PRICING_BREAKER_HALF_OPEN_AFTER_MS: '1500',
  ...process.env,
};
const config = loadConfigOrExit(() => loadGatewayConfig(environment), 'soak');

type Phase = 'healthy' | 'errors' | 'slow' | 'down';
const PHASES: readonly Phase[] = ['healthy', 'errors', 'slow', 'down'];

/** What one request taught us. */
interface Sample {
  ms: number;
  status: number;
  codes: string[];
  gatewayFailed: boolean;
}

const operations = [
  { weight: 4, text: read('products-with-price-and-stock'), variables: () => ({}) },
  { weight: 4, text: read('product-detail'), variables: () => ({ id: randomProductId() }) },
  { weight: 3, text: read('product-price'), variables: () => ({ productId: randomProductId() }) },
  {
    weight: 1,
    text: read('set-price'),
    variables: () => ({
      productId: randomProductId(),
      input: { currency: 'EUR', listAmount: 1_000 + Math.floor(Math.random() * 9_000) },
    }),
  },
];

async function main(): Promise<void> {
  const silent = (service: string) => createLogger({ service, level: 'silent' });
  const product = await startProductService({ port: 0, host: '127.0.0.1', log: silent('product') });
  const inventory = await startInventoryService({ port: 0, host: '127.0.0.1', log: silent('inventory') });
  const pricing = await startPricingService({ port: 0, host: '127.0.0.1', log: silent('pricing') });
  const flapper = await startFlapper(pricing.url);
  const metrics = createGatewayMetrics({ processMetrics: true });
  const upstream = createUpstream({
    subgraphs: [
      { name: 'product', url: product.url },
      { name: 'inventory', url: inventory.url },
      { name: 'pricing', url: flapper.url },
    ],
    settings: config.upstream,
    log: silent('gateway'),
    metrics,
  });
  const gateway = await startGateway(
    { ...config, core: { ...config.core, port: 0, host: '127.0.0.1' } },
    {
      supergraphSdl: readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8'),
      log: silent('gateway'),
      client: upstream.client,
      ...gatewayTelemetry(metrics),
    },
  );

  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  process.stdout.write(
    `soak: ${options.seconds} s, ${options.concurrency} clients, pricing flaps every ${options.flapSeconds} s ` +
      `(${PHASES.join(' -> ')})\n`,
  );

  const samples: Sample[] = [];
  const rssOverTime = [rssStart];
  const rssTimer = setInterval(() => rssOverTime.push(process.memoryUsage().rss), 10_000);
  const phaseTimer = setInterval(() => flapper.next(), options.flapSeconds * 1000);
  const endsAt = Date.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (Date.now() < endsAt) samples.push(await send(gateway.url));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(phaseTimer);
  clearInterval(rssTimer);
  const { rss: rssEnd, heapUsed: heapEnd } = process.memoryUsage();
  rssOverTime.push(rssEnd);
  const metricsLines = await gatewayMetrics(gateway.url);

  await gateway.close();
  await upstream.close();
  await flapper.close();
  await Promise.all([product.close(), inventory.close(), pricing.close()]);

  const failedByGateway = report(
    samples,
    elapsed,
    rssOverTime,
    [heapStart, heapEnd],
    flapper.phasesRun,
    metricsLines,
  );
  process.exitCode = failedByGateway > 0 ? 1 : 0;
}

async function send(gatewayUrl: string): Promise<Sample> {
  const operation = pickOperation();
  const began = performance.now();
  try {
    const answer = await request(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: operation.text, variables: operation.variables() }),
    });
    const text = await answer.body.text();
    const ms = performance.now() - began;
    const body = parseJson(text) as
      | { data?: unknown; errors?: { extensions?: { code?: unknown } }[] }
      | undefined;
    const codes = (body?.errors ?? []).map((error) => String(error.extensions?.code ?? 'NO_CODE'));
    // A GraphQL answer (even one with only errors) is the gateway doing its job; anything else is not.
    const gatewayFailed = body === undefined || (body.data === undefined && codes.length === 0);
    return { ms, status: answer.statusCode, codes, gatewayFailed };
  } catch (error) {
    return {
      ms: performance.now() - began,
      status: 0,
      codes: [`NO_ANSWER:${(error as { code?: string }).code ?? 'unknown'}`],
      gatewayFailed: true,
    };
  }
}

function report(
  samples: Sample[],
  elapsed: number,
  rss: number[],
  heap: [number, number],
  phasesRun: number,
  metricsLines: string[],
): number {
  const latencies = Float64Array.from(samples.map((sample) => sample.ms)).sort();
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const codes = new Map<string, { requests: number; errors: number }>();
  const statuses = new Map<number, number>();
  for (const sample of samples) {
    statuses.set(sample.status, (statuses.get(sample.status) ?? 0) + 1);
    for (const code of new Set(sample.codes)) {
      const seen = codes.get(code) ?? { requests: 0, errors: 0 };
      seen.requests += 1;
      seen.errors += sample.codes.filter((each) => each === code).length;
      codes.set(code, seen);
    }
  }
  const withErrors = samples.filter((sample) => sample.codes.length > 0).length;
  const failedByGateway = samples.filter((sample) => sample.gatewayFailed).length;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const rssStart = rss[0] ?? 0;
  const rssEnd = rss.at(-1) ?? 0;
  const lines = [
    '',
    `requests served     ${samples.length} in ${elapsed.toFixed(1)} s (${(samples.length / elapsed).toFixed(0)}/s), ${phasesRun} pricing phases`,
    `fully successful    ${samples.length - withErrors}`,
    `with errors         ${withErrors} (partial data or errors only)`,
    `gateway failures    ${failedByGateway} (no GraphQL answer at all)`,
    `HTTP statuses       ${[...statuses].map(([status, count]) => `${status}: ${count}`).join(', ')}`,
    'error codes seen    (requests affected / errors in responses)',
    ...[...codes]
      .sort((a, b) => b[1].requests - a[1].requests)
      .map(([code, seen]) => `  ${code.padEnd(26)} ${String(seen.requests).padStart(7)} / ${seen.errors}`),
    `latency ms          p50 ${percentile(50).toFixed(1)}  p90 ${percentile(90).toFixed(1)}  p99 ${percentile(99).toFixed(1)}  max ${(latencies.at(-1) ?? 0).toFixed(1)}`,
    `RSS                 start ${mb(rssStart)}  end ${mb(rssEnd)}  (${rssEnd >= rssStart ? '+' : ''}${mb(rssEnd - rssStart)}; gateway and subgraphs share this process)`,
    `RSS every 10 s      ${rss.map(mb).join(' -> ')}`,
    `V8 heap used        start ${mb(heap[0])}  end ${mb(heap[1])}`,
    ...(metricsLines.length > 0
      ? ['gateway /metrics (excerpt)', ...metricsLines.map((line) => `  ${line}`)]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return failedByGateway;
}

/** The gateway's own figures for codes, retries and breakers, when it serves `/metrics`. */
async function gatewayMetrics(gatewayUrl: string): Promise<string[]> {
  try {
    const answer = await request(new URL('/metrics', gatewayUrl), { method: 'GET' });
    const text = await answer.body.text();
    if (answer.statusCode !== 200) return [];
    return text
      .split('\n')
      .filter((line) =>
        /^hexagraph_gateway_(errors_total|retries_total|breaker_state\{[^}]*\} 1|fetch_duration_seconds_count)/.test(
          line,
        ),
      );
  } catch {
    return [];
  }
}

/** A proxy in front of a subgraph that cycles through healthy, failing, slow and unreachable phases. */
async function startFlapper(target: string) {
  let phase = 0;
  let phasesRun = 1;
  const current = (): Phase => PHASES[phase % PHASES.length]!;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const mode = current();
    if (mode === 'errors') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('pricing is overloaded');
      return;
    }
    if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 800));
    if (res.destroyed) return;
    const forwarded = await request(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...forwardHeaders(req.headers, 'x-request-id', 'x-request-budget-ms'),
      },
      body: Buffer.concat(chunks),
    });
    const text = await forwarded.body.text();
    if (res.destroyed) return;
    res.writeHead(forwarded.statusCode, { 'content-type': 'application/json' });
    res.end(text);
  };
  const newServer = () =>
    createServer((req, res) => {
      handle(req, res).catch(() => res.destroy());
    });
  let server: Server = newServer();
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get phasesRun() {
      return phasesRun;
    },
    async next() {
      const leaving = current();
      phase += 1;
      phasesRun += 1;
      if (current() === 'down') await stop(server);
      if (leaving === 'down') {
        server = newServer();
        await listen(server, port);
      }
    },
    close: () => (server.listening ? stop(server) : Promise.resolve()),
  };

  function forwardHeaders(headers: IncomingMessage['headers'], ...names: string[]): Record<string, string> {
    return Object.fromEntries(
      names.flatMap((name) => (typeof headers[name] === 'string' ? [[name, headers[name] as string]] : [])),
    );
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function pickOperation() {
  const total = operations.reduce((sum, operation) => sum + operation.weight, 0);
  let draw = Math.random() * total;
  for (const operation of operations) {
    draw -= operation.weight;
    if (draw < 0) return operation;
  }
  return operations[0]!;
}

function randomProductId(): string {
  return seedProductId(1 + Math.floor(Math.random() * 1_000));
}

function read(name: string): string {
  return readFileSync(join(root, 'schema/operations', `${name}.graphql`), 'utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      concurrency: { type: 'string', default: '16' },
      'flap-seconds': { type: 'string', default: '4' },
    },
  });
  const positive = (name: string, raw: string | undefined) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      process.stderr.write(`soak: --${name} must be a positive number (got ${JSON.stringify(raw)})\n`);
      process.exit(2);
    }
    return value;
  };
  return {
    seconds: positive('seconds', values.seconds),
    concurrency: Math.floor(positive('concurrency', values.concurrency)),
    flapSeconds: positive('flap-seconds', values['flap-seconds']),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
