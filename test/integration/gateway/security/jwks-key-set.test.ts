import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatewayConfig } from '../../../../gateway/src/config/gateway-config.js';
import { createKeySet } from '../../../../gateway/src/security/authorization/key-set.js';
import { TokenAuthenticator } from '../../../../gateway/src/security/authorization/token-authenticator.js';
import { jwksOf, TEST_AUDIENCE, TEST_ISSUER, tokenIssuer } from '../../../helpers/token-issuer.js';

const settings = gatewayConfig({ auth: { issuers: [TEST_ISSUER], audiences: [TEST_AUDIENCE] } }).auth;
const MIN_REFRESH_MS = 30_000;

/** A loopback JWKS endpoint whose answer the test changes, counting the requests it gets. */
interface JwksEndpoint {
  url: string;
  requests: number;
  answer: { status: number; jwks: JSONWebKeySet };
  close(): Promise<void>;
}

async function jwksEndpoint(jwks: JSONWebKeySet): Promise<JwksEndpoint> {
  const endpoint = { requests: 0, answer: { status: 200, jwks } } as JwksEndpoint;
  const server: Server = createServer((_req, res) => {
    endpoint.requests += 1;
    res.writeHead(endpoint.answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(endpoint.answer.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  endpoint.close = () => new Promise((resolve) => server.close(() => resolve()));
  return endpoint;
}

function remoteAuthenticator(url: string): TokenAuthenticator {
  return new TokenAuthenticator(
    settings,
    createKeySet({ kind: 'url', url, minRefreshMs: MIN_REFRESH_MS, maxAgeMs: 600_000, timeoutMs: 10_000 }),
  );
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('a JWKS URL', () => {
  let endpoint: JwksEndpoint | undefined;

  beforeEach(() => {
    // Only Date is faked: jose spaces downloads by Date.now(); sockets keep real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });

  afterEach(async () => {
    vi.useRealTimers();
    await endpoint?.close();
    endpoint = undefined;
  });

  it('is downloaded once, on first use, and its keys are reused', async () => {
    const current = await tokenIssuer('current');
    endpoint = await jwksEndpoint(jwksOf(current));
    const authenticator = remoteAuthenticator(endpoint.url);
    expect(endpoint.requests).toBe(0);
    for (let index = 0; index < 3; index += 1) {
      expect((await authenticator.authenticate(bearer(await current.sign({})))).kind).toBe('authenticated');
    }
    expect(endpoint.requests).toBe(1);
  });

  it('is downloaded again for an unknown kid, at most once per interval however many arrive', async () => {
    const current = await tokenIssuer('current');
    const next = await tokenIssuer('next');
    endpoint = await jwksEndpoint(jwksOf(current));
    const authenticator = remoteAuthenticator(endpoint.url);
    await authenticator.authenticate(bearer(await current.sign({})));
    endpoint.answer.jwks = jwksOf(current, next);

    // Within the interval, unknown keys fail without a download.
    for (let index = 0; index < 5; index += 1) {
      const refused = await authenticator.authenticate(bearer(await next.sign({})));
      expect(refused.kind === 'invalid' && refused.reason).toMatch(/^ERR_JWKS_NO_MATCHING_KEY/);
    }
    expect(endpoint.requests).toBe(1);

    vi.setSystemTime(Date.now() + MIN_REFRESH_MS + 1);
    expect((await authenticator.authenticate(bearer(await next.sign({})))).kind).toBe('authenticated');
    expect(endpoint.requests).toBe(2);
    const stranger = await tokenIssuer('stranger');
    for (let index = 0; index < 5; index += 1)
      await authenticator.authenticate(bearer(await stranger.sign({})));
    expect(endpoint.requests).toBe(2);
  });

  it('that fails is not asked again before the interval has passed', async () => {
    const current = await tokenIssuer('current');
    endpoint = await jwksEndpoint(jwksOf(current));
    endpoint.answer.status = 503;
    const authenticator = remoteAuthenticator(endpoint.url);
    for (let index = 0; index < 3; index += 1) {
      expect((await authenticator.authenticate(bearer(await current.sign({})))).kind).toBe('invalid');
    }
    expect(endpoint.requests).toBe(1);

    endpoint.answer.status = 200;
    vi.setSystemTime(Date.now() + MIN_REFRESH_MS + 1);
    expect((await authenticator.authenticate(bearer(await current.sign({})))).kind).toBe('authenticated');
    expect(endpoint.requests).toBe(2);
  });
});

describe('a JWKS file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'hexagraph-jwks-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is read once, at start-up, and verifies tokens signed by its keys', async () => {
    const current = await tokenIssuer('current');
    const path = join(directory, 'jwks.json');
    await writeFile(path, JSON.stringify(jwksOf(current)));
    const authenticator = new TokenAuthenticator(settings, createKeySet({ kind: 'file', path }));
    await rm(path);
    expect((await authenticator.authenticate(bearer(await current.sign({})))).kind).toBe('authenticated');
  });

  it('that is missing, not JSON, or no key set stops start-up with AUTH_JWKS_FILE named', async () => {
    const path = join(directory, 'jwks.json');
    expect(() => createKeySet({ kind: 'file', path })).toThrow(
      `AUTH_JWKS_FILE: ${path} cannot be read: file not found`,
    );
    await writeFile(path, '{ "keys": [');
    expect(() => createKeySet({ kind: 'file', path })).toThrow(`AUTH_JWKS_FILE: ${path} is not JSON`);
    await writeFile(path, '{ "key": {} }');
    expect(() => createKeySet({ kind: 'file', path })).toThrow(
      `AUTH_JWKS_FILE: ${path} is not a JSON Web Key Set (an object with a "keys" array)`,
    );
  });
});
