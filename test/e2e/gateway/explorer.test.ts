import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import type { LandingPageConfig } from '../../../gateway/src/http/explorer/landing-page.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import {
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const typeDefs = `${federationLink(['@key'])}
  type Query { hello: String! }`;
// The subgraph is a real HTTP server on loopback, started once for the file.
let federation: RunningFederation;

beforeAll(async () => {
  federation = await startFixtureSubgraphs('explorer', [
    { name: 'greeting', sdl: typeDefs, resolvers: { Query: { hello: () => 'hi' } } },
  ]);
});

afterAll(async () => federation?.close());

function start(environment: Record<string, string>): Promise<RunningGateway> {
  return startGateway(loadGatewayConfig({ ...environment, PORT: '0', HOST: '127.0.0.1' }), {
    supergraphSdl: federation.supergraphSdl,
    log: silentLogger(),
  });
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(url, { method, headers, signal: AbortSignal.timeout(10_000) });
}

/** The landing page a browser gets, and the configuration it carries. */
async function landingPage(gateway: RunningGateway) {
  const response = await get(gateway.url, { accept: 'text/html' });
  const html = await response.text();
  const json = /<script type="application\/json" id="hexagraph-explorer-config">(.*?)<\/script>/s.exec(
    html,
  )?.[1];
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  return {
    response,
    html,
    csp,
    config: json === undefined ? undefined : (JSON.parse(json) as LandingPageConfig),
  };
}

describe('the landing page and the local explorer of a development gateway', () => {
  let gateway: RunningGateway;
  let config: LandingPageConfig;
  beforeAll(async () => {
    gateway = await start({});
    const page = await landingPage(gateway);
    expect(page.config).toBeDefined();
    config = page.config as LandingPageConfig;
  });
  afterAll(async () => gateway?.close());

  it("tries Apollo Sandbox, without telemetry, allowing only Sandbox's script and frame from elsewhere", async () => {
    const page = await landingPage(gateway);
    expect(page.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(config.mode).toBe('sandbox');
    expect(config.sandbox).toMatchObject({
      scriptUrl: expect.stringMatching(
        /^https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\/v2\/embeddable-sandbox\.umd\.production\.min\.js\?runtime=%40apollo%2Fserver%40/,
      ),
      timeoutMs: 4000,
      options: {
        runTelemetry: false,
        endpointIsEditable: false,
        target: '#hexagraph-sandbox',
        initialRequestQueryPlan: true,
      },
    });
    expect(page.csp).toContain("script-src 'self' https://embeddable-sandbox.cdn.apollographql.com;");
    expect(page.csp).toContain('frame-src https://sandbox.embed.apollographql.com;');
    expect(page.html).not.toMatch(/<script>|<script nonce/);
    expect(page.html).not.toMatch(/fonts\.googleapis|fonts\.gstatic/);
  });

  it('serves every file the local explorer loads, with its content type, cached for good under its version', async () => {
    const urls = [...config.explorer.styles, ...config.explorer.scripts, config.explorer.module];
    expect(urls).toHaveLength(6);
    for (const url of urls) {
      const response = await get(new URL(url, gateway.url).href);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toMatch(
        url.includes('.css') ? /^text\/css; charset=utf-8$/ : /^text\/javascript; charset=utf-8$/,
      );
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await response.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
    }
  });

  it('asks a client to revalidate a file fetched without its version, and answers 304 for the same ETag', async () => {
    const url = new URL('/explorer/graphiql.js', gateway.url).href;
    const first = await get(url);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    await first.arrayBuffer();
    const again = await get(url, { 'if-none-match': etag as string });
    expect(again.status).toBe(304);
  });

  it('sends the files gzipped to a client that accepts it, and only the headers for HEAD', async () => {
    const url = new URL('/explorer/explorer.js', gateway.url).href;
    const plain = await get(url, { 'accept-encoding': 'identity' });
    const body = Buffer.from(await plain.arrayBuffer());
    // node:http's client does not decode: it reads the bytes as sent.
    const gzipped = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      request(url, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.bytes).equals(body)).toBe(true);

    const head = await get(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('refuses an unknown file and a method other than GET or HEAD, saying why', async () => {
    const missing = await get(new URL('/explorer/secrets.json', gateway.url).href);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No explorer asset at /explorer/secrets.json.' });
    const traversal = await get(new URL('/explorer/..%2fpackage.json', gateway.url).href);
    expect(traversal.status).toBe(404);
    const post = await get(new URL('/explorer/landing.js', gateway.url).href, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the landing page settings', () => {
  it('turns Sandbox telemetry on only when SANDBOX_TELEMETRY=true, and asks for no plan the gateway hides', async () => {
    const gateway = await start({ SANDBOX_TELEMETRY: 'true', EXPOSE_QUERY_PLAN: 'false' });
    try {
      expect((await landingPage(gateway)).config?.sandbox?.options).toMatchObject({
        runTelemetry: true,
        initialRequestQueryPlan: false,
      });
    } finally {
      await gateway.close();
    }
  });

  it('opens the local explorer without Sandbox, and allows nothing from elsewhere, with LANDING_PAGE=local', async () => {
    const gateway = await start({ LANDING_PAGE: 'local' });
    try {
      const page = await landingPage(gateway);
      expect(page.config).toMatchObject({ mode: 'local' });
      expect(page.config?.sandbox).toBeUndefined();
      expect(page.csp).not.toContain('apollographql.com');
      expect(page.csp).toContain("frame-src 'none'");
    } finally {
      await gateway.close();
    }
  });

  it('serves neither page nor files in production, unless LANDING_PAGE=local says so', async () => {
    const closed = await start({ NODE_ENV: 'production' });
    const open = await start({ NODE_ENV: 'production', LANDING_PAGE: 'local' });
    try {
      expect((await landingPage(closed)).config).toBeUndefined();
      expect((await get(new URL('/explorer/landing.js', closed.url).href)).status).toBe(404);
      const page = await landingPage(open);
      expect(page.config?.mode).toBe('local');
      expect((await get(new URL(page.config?.explorer.module as string, open.url).href)).status).toBe(200);
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
