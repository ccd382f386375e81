import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../../../gateway/src/config/gateway-config.js';
import {
  TokenAuthenticator,
  type TokenSettings,
} from '../../../../../gateway/src/security/authorization/token-authenticator.js';
import {
  jwksOf,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TokenIssuer,
  tokenIssuer,
} from '../../../../helpers/token-issuer.js';

const settings: TokenSettings = gatewayConfig({
  auth: { issuers: [TEST_ISSUER], audiences: [TEST_AUDIENCE], clockSkewSeconds: 30 },
}).auth;

let issuer: TokenIssuer;
let stranger: TokenIssuer;
let authenticator: TokenAuthenticator;

beforeAll(async () => {
  issuer = await tokenIssuer('current');
  stranger = await tokenIssuer('unknown');
  authenticator = new TokenAuthenticator(settings, createLocalJWKSet(jwksOf(issuer)));
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('TokenAuthenticator', () => {
  it('accepts a token signed by a key of the set, with its claims and the scopes of the scope claim', async () => {
    const token = await issuer.sign({ sub: 'ada', scope: 'read:email  read:invoices' });
    const authentication = await authenticator.authenticate(bearer(token));
    expect(authentication).toMatchObject({ kind: 'authenticated', claims: { sub: 'ada', iss: TEST_ISSUER } });
    expect(authentication.kind === 'authenticated' && [...authentication.scopes]).toEqual([
      'read:email',
      'read:invoices',
    ]);
  });

  it('treats a request without the header as anonymous', async () => {
    expect(await authenticator.authenticate({})).toEqual({ kind: 'anonymous' });
  });

  it('rejects expired, not yet valid, foreign, unsigned-by-the-set and malformed tokens with the reason', async () => {
    const cases: [string, Promise<string> | string, RegExp][] = [
      ['expired', issuer.sign({}, { expiresInSeconds: -120 }), /^ERR_JWT_EXPIRED: "exp"/],
      [
        'not yet valid',
        issuer.sign({}, { notBeforeInSeconds: 120 }),
        /^ERR_JWT_CLAIM_VALIDATION_FAILED: "nbf"/,
      ],
      [
        'wrong issuer',
        issuer.sign({}, { issuer: 'https://evil.test' }),
        /^ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected "iss"/,
      ],
      [
        'wrong audience',
        issuer.sign({}, { audience: 'another-api' }),
        /^ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected "aud"/,
      ],
      ['no expiry', issuer.sign({}, { withoutExpiry: true }), /missing required "exp" claim/],
      ['unknown kid', stranger.sign({}), /^ERR_JWKS_NO_MATCHING_KEY/],
      ['malformed', 'not.a-token', /^ERR_JW[ST]_INVALID/],
    ];
    for (const [name, token, reason] of cases) {
      const authentication = await authenticator.authenticate(bearer(await token));
      expect(authentication.kind, name).toBe('invalid');
      expect(authentication.kind === 'invalid' && authentication.reason, name).toMatch(reason);
    }
  });

  it('rejects a token whose signature was tampered with', async () => {
    const token = await issuer.sign({ scope: 'read:email' });
    const [header, , signature] = token.split('.');
    const claims = { scope: 'admin', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 9_999_999_999 };
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const authentication = await authenticator.authenticate(bearer(`${header}.${forged}.${signature}`));
    expect(authentication).toMatchObject({ kind: 'invalid' });
    expect(authentication.kind === 'invalid' && authentication.reason).toMatch(
      /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
    );
  });

  it('tolerates the configured clock skew on exp and nbf', async () => {
    expect(
      (await authenticator.authenticate(bearer(await issuer.sign({}, { expiresInSeconds: -10 })))).kind,
    ).toBe('authenticated');
    expect(
      (await authenticator.authenticate(bearer(await issuer.sign({}, { notBeforeInSeconds: 10 })))).kind,
    ).toBe('authenticated');
  });

  it('accepts only the allowed algorithms', async () => {
    const rsa = await tokenIssuer('rsa', 'RS256');
    const keys = createLocalJWKSet(jwksOf(issuer, rsa));
    const onlyRsa = new TokenAuthenticator({ ...settings, algorithms: ['RS256'] }, keys);
    expect((await onlyRsa.authenticate(bearer(await rsa.sign({})))).kind).toBe('authenticated');
    const refused = await onlyRsa.authenticate(bearer(await issuer.sign({})));
    expect(refused.kind === 'invalid' && refused.reason).toMatch(/^ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('reads the token from the configured header, scheme case-insensitively, or bare', async () => {
    const token = await issuer.sign({});
    expect((await authenticator.authenticate({ authorization: `bearer   ${token}` })).kind).toBe(
      'authenticated',
    );
    const malformed: [Record<string, string | string[]>, RegExp][] = [
      [{ authorization: `Basic ${token}` }, /does not start with "Bearer "/],
      [{ authorization: 'Bearer ' }, /holds no token after "Bearer"/],
      [{ authorization: [`Bearer ${token}`, `Bearer ${token}`] }, /has 2 authorization headers/],
    ];
    for (const [headers, reason] of malformed) {
      const authentication = await authenticator.authenticate(headers);
      expect(authentication.kind === 'invalid' && authentication.reason).toMatch(reason);
    }
    const bare = new TokenAuthenticator(
      { ...settings, header: 'x-access-token', headerPrefix: '' },
      createLocalJWKSet(jwksOf(issuer)),
    );
    expect((await bare.authenticate({ 'x-access-token': token })).kind).toBe('authenticated');
    expect((await bare.authenticate(bearer(token))).kind).toBe('anonymous');
  });

  it('reads scopes from the configured claim, as a string or an array', async () => {
    const permissions = new TokenAuthenticator(
      { ...settings, scopesClaim: 'permissions' },
      createLocalJWKSet(jwksOf(issuer)),
    );
    const token = await issuer.sign({ scope: 'ignored', permissions: ['read:email', 7, 'admin'] });
    const authentication = await permissions.authenticate(bearer(token));
    expect(authentication.kind === 'authenticated' && [...authentication.scopes]).toEqual([
      'read:email',
      'admin',
    ]);
  });

  it('verifies nothing without a key set: every request is anonymous', async () => {
    const keyless = new TokenAuthenticator(settings, undefined);
    expect(await keyless.authenticate(bearer(await issuer.sign({ scope: 'admin' })))).toEqual({
      kind: 'anonymous',
    });
  });
});
