import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { loadPolicyHook } from '../../../gateway/src/security/authorization/policy-hook.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { authorizationFederation } from '../../fixtures/federation/authorization/federation.js';
import {
  type AuthorizationClient,
  authorizationOperations,
  CLIENT_CLAIMS,
} from '../../fixtures/federation/authorization/operations.js';
import type { RunningFederation } from '../../helpers/federation-fixture.js';
import {
  jwksOf,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TokenIssuer,
  tokenIssuer,
} from '../../helpers/token-issuer.js';

const POLICY_MODULE = join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'federation',
  'authorization',
  'policies.ts',
);

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

/** POSTs one operation to the gateway with the given request headers. */
async function post(
  gateway: RunningGateway,
  query: string,
  headers: Record<string, string>,
): Promise<HttpAnswer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as HttpAnswer['body'],
  };
}

/** The response as the fixture states answers: data, and each error's path and code. */
function asStated(body: HttpAnswer['body']) {
  const errors = body.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }));
  return { data: body.data, ...(errors && { errors }) };
}

let federation: RunningFederation;
let directory: string;
let issuer: TokenIssuer;
const tokens = new Map<AuthorizationClient, string>();
const gateways: RunningGateway[] = [];

/** A gateway on the fixture federation, verifying tokens against the issuer's JWKS file. */
async function startAuthorizedGateway(environment: Record<string, string> = {}): Promise<RunningGateway> {
  const config = loadGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWKS_FILE: join(directory, 'jwks.json'),
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    AUTH_POLICY_MODULE: POLICY_MODULE,
    ...environment,
  });
  const gateway = await startGateway(config, {
    log: silentLogger(),
    supergraphSdl: federation.supergraphSdl,
    policyHook: await loadPolicyHook(config.auth.policyModule as string),
  });
  gateways.push(gateway);
  return gateway;
}

const headersOf = (client: AuthorizationClient): Record<string, string> => {
  const token = tokens.get(client);
  return token ? { authorization: `Bearer ${token}` } : {};
};

beforeAll(async () => {
  federation = await authorizationFederation.start();
  directory = await mkdtemp(join(tmpdir(), 'hexagraph-authorization-'));
  issuer = await tokenIssuer('fixture-key');
  await writeFile(join(directory, 'jwks.json'), JSON.stringify(jwksOf(issuer)));
  for (const [client, claims] of Object.entries(CLIENT_CLAIMS)) {
    tokens.set(client as AuthorizationClient, await issuer.sign(claims));
  }
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await federation?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('authorization through the HTTP gateway', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startAuthorizedGateway();
  });

  for (const operation of authorizationOperations) {
    it(`answers ${operation.name} to each client as the fixture states`, async () => {
      for (const client of ['anonymous', 'reader', 'accountant', 'owner'] as const) {
        const answer = await post(gateway, operation.query, headersOf(client));
        expect(answer.status, `${operation.name} as ${client}`).toBe(200);
        expect(asStated(answer.body), `${operation.name} as ${client}`).toEqual(operation.answers[client]);
      }
    });
  }

  it('never calls a subgraph for fields the client may not see, nor runs a denied mutation', async () => {
    const before = federation.requestCounts();
    await post(gateway, '{ users { invoices { total } } }', headersOf('accountant'));
    await post(gateway, 'mutation { rename(id: "u1", name: "Eve") { name } }', headersOf('anonymous'));
    const after = federation.requestCounts();
    expect(after.billing).toBe(before.billing);
    expect((after.accounts ?? 0) - (before.accounts ?? 0)).toBe(1);
    const users = await post(gateway, '{ users { name } }', {});
    expect(users.body.data).toEqual({ users: [{ name: 'Ada' }, { name: 'Grace' }] });
  });

  it('serves a request whose token fails verification as an unauthenticated one', async () => {
    const expired = await issuer.sign(CLIENT_CLAIMS.accountant, { expiresInSeconds: -3600 });
    const answer = await post(gateway, '{ users { name email } }', { authorization: `Bearer ${expired}` });
    const stated = authorizationOperations.find((operation) => operation.name === 'ScopeOnAFieldOfAList');
    expect(asStated(answer.body)).toEqual(stated?.answers.anonymous);
  });
});

describe('authorization that refuses', () => {
  it('answers 403 with one error per unauthorized field when AUTH_REJECT_UNAUTHORIZED is set', async () => {
    const gateway = await startAuthorizedGateway({ AUTH_REJECT_UNAUTHORIZED: 'true' });
    const refused = await post(gateway, '{ announcement me { name email } }', headersOf('owner'));
    expect(refused.status).toBe(403);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['Unauthorized field or type: User.email (at me.email).', 'UNAUTHORIZED_FIELD_OR_TYPE'],
    ]);
    const served = await post(gateway, '{ announcement me { name email } }', headersOf('reader'));
    expect(served.status).toBe(200);
    expect(served.body).toEqual({
      data: { announcement: 'Welcome', me: { name: 'Ada', email: 'ada@example.test' } },
    });
  });

  it('answers 401 AUTH_ERROR to a token that fails verification when AUTH_REJECT_INVALID_TOKEN is set', async () => {
    const gateway = await startAuthorizedGateway({ AUTH_REJECT_INVALID_TOKEN: 'true' });
    const wrongAudience = await issuer.sign({ scope: 'read:email' }, { audience: 'another-api' });
    const refused = await post(gateway, '{ announcement }', { authorization: `Bearer ${wrongAudience}` });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['AUTH_ERROR']);
    expect(refused.body.errors?.[0]?.message).toMatch(/^The request's token is not valid: .*"aud"/);
    expect(JSON.stringify(refused.body)).not.toContain(wrongAudience);

    expect((await post(gateway, '{ announcement }', {})).body).toEqual({ data: { announcement: 'Welcome' } });
  });
});
