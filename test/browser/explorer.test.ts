import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../gateway/src/config/gateway-config.js';
import { startGatewayProcess } from '../../gateway/src/gateway-process.js';
import type { RunningServer } from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { startInventoryService } from '../../subgraphs/inventory/app.js';
import { startPricingService } from '../../subgraphs/pricing/app.js';
import { startProductService } from '../../subgraphs/product/app.js';
import {
  findChromium,
  type HeadlessBrowser,
  isLocalUrl,
  launchOfflineChromium,
} from '../helpers/chromium.js';

const repository = join(import.meta.dirname, '..', '..');
const artifacts = join(repository, 'test-results');
const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com/';
const QUERY = '{ products(first: 2) { id name price { amount currency } inStock } }';

const chromiumPath = findChromium();
const inCi = process.env.CI === 'true';
if (!chromiumPath && !inCi) {
  console.warn(
    'Skipping the browser tests: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium; .ci/run does).',
  );
}

/** The project's three subgraphs (in memory, seeded) and the real gateway process in front of them. */
async function startCatalog(environment: Record<string, string>) {
  const log = silentLogger();
  const subgraphs: Record<string, RunningServer> = {
    product: await startProductService({ port: 0, host: '127.0.0.1', log }),
    inventory: await startInventoryService({ port: 0, host: '127.0.0.1', log }),
    pricing: await startPricingService({ port: 0, host: '127.0.0.1', log }),
  };
  const urls = Object.fromEntries(
    Object.entries(subgraphs).map(([name, server]) => [
      `SUBGRAPH_URL_${name.toUpperCase()}`,
      `http://127.0.0.1:${server.port}/graphql`,
    ]),
  );
  const config = loadGatewayConfig({ ...environment, ...urls, PORT: '0', HOST: '127.0.0.1' });
  const gateway = await startGatewayProcess(config, silentLogger());
  return {
    /** The address a person types: the gateway's root. */
    root: `http://127.0.0.1:${gateway.gateway.port}/`,
    graphql: `http://127.0.0.1:${gateway.gateway.port}/graphql`,
    async close() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((server) => server.close()));
    },
  };
}

type Catalog = Awaited<ReturnType<typeof startCatalog>>;

async function productNames(graphql: string): Promise<string[]> {
  const response = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data: { products: { name: string }[] } };
  return body.data.products.map((product) => product.name);
}

const DEFERRED_QUERY = '{ product(id: "p-0001") { name ... @defer { inventory { available } } } }';

/** The name and stock DEFERRED_QUERY reports, asked without multipart (one answer). */
async function deferredStock(graphql: string): Promise<{ name: string; available: number }> {
  const response = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: DEFERRED_QUERY }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as {
    data: { product: { name: string; inventory: { available: number } } };
  };
  return { name: body.data.product.name, available: body.data.product.inventory.available };
}

/** Types `query` into GraphiQL's editor, as a person would, and runs it. */
async function typeAndRun(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(query);
  await page.keyboard.press('Shift+Control+P'); // GraphiQL's prettify: one field a line
  await page.keyboard.press('Escape'); // closes the completion list typing opened
  await page.locator('.graphiql-execute-button').click();
}

/** Records what a page asks for and what its console reports. */
function watch(page: Page) {
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request: Request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { requests, consoleErrors };
}

describe.skipIf(!chromiumPath && !inCi)('the explorer in a browser that can reach only the gateway', () => {
  let browser: HeadlessBrowser;
  let catalog: Catalog;

  beforeAll(async () => {
    if (!chromiumPath) {
      throw new Error(
        'No Chromium at CHROMIUM_PATH or /usr/bin/chromium: CI=true needs it (.ci/run installs the Debian package chromium).',
      );
    }
    mkdirSync(artifacts, { recursive: true });
    catalog = await startCatalog({});
    browser = await launchOfflineChromium(chromiumPath);
    // Every host but this machine fails, as it does offline or behind a firewall.
    await browser.context.route('**/*', (route) =>
      isLocalUrl(route.request().url()) ? route.continue() : route.abort('internetdisconnected'),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await catalog?.close();
  });

  it('falls back from Apollo Sandbox to the local explorer, runs a typed query and shows its plan', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(catalog.root);

    await expect
      .poll(() => page.locator('.hexagraph-notice').textContent(), { timeout: 20_000 })
      .toMatch(/Apollo Sandbox could not be loaded \(its script could not be fetched\)/);
    await typeAndRun(page, QUERY);

    const names = await productNames(catalog.graphql);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      await expect
        .poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 })
        .toContain(name);
    }
    // The plan has a pane of its own, so the response shows only what the operation returned.
    expect(await page.locator('.result-window').textContent()).not.toContain('apolloQueryPlan');
    await page.getByRole('button', { name: 'Show Query plan' }).click();
    await expect
      .poll(() => page.locator('.hexagraph-plan-text').textContent(), { timeout: 10_000 })
      .toContain('Fetch(service: "product")');

    await page.screenshot({ path: join(artifacts, 'explorer-offline.png') });
    if (process.env.UPDATE_SCREENSHOTS === 'true') {
      copyFileSync(join(artifacts, 'explorer-offline.png'), join(repository, 'docs', 'explorer.png'));
    }
    const elsewhere = seen.requests.filter((url) => !isLocalUrl(url));
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.filter((url) => !url.startsWith(SANDBOX_CDN))).toEqual([]);
    expect(seen.consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  }, 60_000);

  it('runs an operation with @defer in the local explorer: the parts arrive as multipart and show merged', async () => {
    const page = await browser.context.newPage();
    const contentTypes: string[] = [];
    page.on('response', (response) => {
      if (response.url() === catalog.graphql && response.request().method() === 'POST') {
        contentTypes.push(response.headers()['content-type'] ?? '');
      }
    });
    await page.goto(catalog.root);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 20_000 });
    await typeAndRun(page, DEFERRED_QUERY);

    const stock = await deferredStock(catalog.graphql);
    await expect
      .poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 })
      .toContain(`"available": ${stock.available}`);
    expect(await page.locator('.result-window').textContent()).toContain(`"name": "${stock.name}"`);
    expect(contentTypes).toContain('multipart/mixed; boundary="-"; deferSpec=20220824');
    await page.getByRole('button', { name: 'Show Query plan' }).click();
    await expect
      .poll(() => page.locator('.hexagraph-plan-text').textContent(), { timeout: 10_000 })
      .toContain('Deferred(id: 1, after: 0, path: "product")');
    await page.close();
  }, 60_000);

  it('falls back when Apollo Sandbox does not answer in time', async () => {
    const page = await browser.context.newPage();
    // A CDN that accepts the request and never answers, as behind a firewall that drops packets.
    await page.route(`${SANDBOX_CDN}**`, () => undefined);
    // The pending script holds the page's load event back for good: wait for the document only.
    await page.goto(catalog.graphql, { waitUntil: 'domcontentloaded' });

    await expect
      .poll(() => page.locator('.hexagraph-notice').textContent(), { timeout: 20_000 })
      .toMatch(/its script did not load within 4 s/);
    await page.close();
  }, 60_000);

  it('embeds Apollo Sandbox, with telemetry off, when its script loads', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    // Stands in for Apollo's script: records how the page embeds Sandbox.
    await page.route(`${SANDBOX_CDN}**`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.EmbeddedSandbox = function (options) {
          window.sandboxOptions = options;
          document.querySelector(options.target).textContent = 'Sandbox stand-in';
        };`,
      }),
    );
    await page.goto(catalog.graphql);

    await expect
      .poll(() => page.evaluate(() => 'sandboxOptions' in globalThis), { timeout: 20_000 })
      .toBe(true);
    const options = await page.evaluate(
      () => (globalThis as unknown as { sandboxOptions: unknown }).sandboxOptions,
    );
    expect(options).toMatchObject({
      target: '#hexagraph-sandbox',
      initialEndpoint: catalog.graphql,
      runTelemetry: false,
      endpointIsEditable: false,
      initialRequestQueryPlan: true,
    });
    expect(await page.locator('#hexagraph-sandbox').textContent()).toBe('Sandbox stand-in');
    expect(await page.locator('#hexagraph-explorer').count()).toBe(0);
    expect(seen.requests.some((url) => url.includes('/explorer/graphiql.js'))).toBe(false);
    await page.close();
  }, 60_000);
});

describe.skipIf(!chromiumPath && !inCi)('the local explorer of a production gateway', () => {
  let browser: HeadlessBrowser;
  let catalog: Catalog;

  beforeAll(async () => {
    if (!chromiumPath)
      throw new Error('No Chromium at CHROMIUM_PATH or /usr/bin/chromium: CI=true needs it.');
    catalog = await startCatalog({ NODE_ENV: 'production', LANDING_PAGE: 'local', INTROSPECTION: 'true' });
    browser = await launchOfflineChromium(chromiumPath);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await catalog?.close();
  });

  it('opens at once when asked for with LANDING_PAGE=local, runs queries, and says plans are not exposed', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(catalog.graphql);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 20_000 });
    await typeAndRun(page, QUERY);

    const [first] = await productNames(catalog.graphql);
    await expect
      .poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 })
      .toContain(first as string);
    await page.getByRole('button', { name: 'Show Query plan' }).click();
    await expect
      .poll(() => page.locator('.hexagraph-plan').textContent(), { timeout: 10_000 })
      .toContain('does not expose query plans');
    expect(seen.requests.filter((url) => !isLocalUrl(url))).toEqual([]);
    expect(await page.locator('.hexagraph-notice').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('runs a subscription and shows its events as another client reserves stock', async () => {
    const page = await browser.context.newPage();
    await page.goto(catalog.graphql);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 20_000 });
    await typeAndRun(
      page,
      'subscription { stockChanged(productIds: ["p-0002"]) { reason product { id name price { amount } } } }',
    );
    const named = await fetch(catalog.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ product(id: "p-0002") { name } }' }),
      signal: AbortSignal.timeout(10_000),
    }).then((response) => response.json() as Promise<{ data: { product: { name: string } } }>);
    // A subscription is live a little after it is admitted: reserve until the page shows a change.
    const reserve = () =>
      fetch(catalog.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { reserveStock(productId: "p-0002", quantity: 1) { id } }' }),
        signal: AbortSignal.timeout(10_000),
      });
    await expect
      .poll(
        async () => {
          const shown = (await page.locator('.result-window').textContent()) ?? '';
          if (!shown.includes('RESERVED')) await reserve();
          return shown;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain('RESERVED');
    expect(await page.locator('.result-window').textContent()).toContain(named.data.product.name);
    await page.close();
  }, 60_000);
});
