import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JWT_ALGORITHMS } from '../../../../gateway/src/config/auth-config.js';
import { loadGatewayConfig } from '../../../../gateway/src/config/gateway-config.js';

describe('the auth section', () => {
  it('verifies no token by default, so directives see every request as unauthenticated', () => {
    expect(loadGatewayConfig({}).auth).toEqual({
      jwks: undefined,
      header: 'authorization',
      headerPrefix: 'Bearer',
      algorithms: [...JWT_ALGORITHMS],
      issuers: undefined,
      audiences: undefined,
      clockSkewSeconds: 30,
      scopesClaim: 'scope',
      rejectUnauthorized: false,
      rejectInvalidToken: false,
      policyModule: undefined,
    });
  });

  it('reads every setting from its variable', () => {
    const { auth } = loadGatewayConfig({
      AUTH_JWKS_URL: 'https://login.example.test/.well-known/jwks.json',
      AUTH_JWKS_MIN_REFRESH_SECONDS: '60',
      AUTH_JWKS_MAX_AGE_SECONDS: '3600',
      AUTH_JWKS_TIMEOUT_MS: '800',
      AUTH_HEADER: 'X-Access-Token',
      AUTH_HEADER_PREFIX: '',
      AUTH_ALGORITHMS: 'RS256, ES256',
      AUTH_ISSUER: 'https://login.example.test/, https://backup.example.test/',
      AUTH_AUDIENCE: 'catalog',
      AUTH_CLOCK_SKEW_SECONDS: '5',
      AUTH_SCOPES_CLAIM: 'permissions',
      AUTH_REJECT_UNAUTHORIZED: 'true',
      AUTH_REJECT_INVALID_TOKEN: 'yes',
      AUTH_POLICY_MODULE: 'deploy/policies.mjs',
    });
    expect(auth).toEqual({
      jwks: {
        kind: 'url',
        url: 'https://login.example.test/.well-known/jwks.json',
        minRefreshMs: 60_000,
        maxAgeMs: 3_600_000,
        timeoutMs: 800,
      },
      header: 'x-access-token',
      headerPrefix: '',
      algorithms: ['RS256', 'ES256'],
      issuers: ['https://login.example.test/', 'https://backup.example.test/'],
      audiences: ['catalog'],
      clockSkewSeconds: 5,
      scopesClaim: 'permissions',
      rejectUnauthorized: true,
      rejectInvalidToken: true,
      policyModule: resolve('deploy/policies.mjs'),
    });
  });

  it('reads a JWKS file from the working directory', () => {
    expect(loadGatewayConfig({ AUTH_JWKS_FILE: 'keys/jwks.json' }).auth.jwks).toEqual({
      kind: 'file',
      path: resolve('keys/jwks.json'),
    });
  });

  it('names the variable of every bad setting', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { AUTH_JWKS_URL: 'https://a.test/jwks', AUTH_JWKS_FILE: 'jwks.json' },
        /AUTH_JWKS_URL: set either AUTH_JWKS_URL or AUTH_JWKS_FILE, not both/,
      ],
      [{ AUTH_JWKS_URL: 'ftp://a.test/jwks' }, /AUTH_JWKS_URL: must be an http:\/\/ or https:\/\/ URL/],
      [{ AUTH_ALGORITHMS: 'RS256,HS256' }, /AUTH_ALGORITHMS: must list only RS256/],
      [{ AUTH_ALGORITHMS: ' , ' }, /AUTH_ALGORITHMS: must name at least one algorithm/],
      [{ AUTH_HEADER: 'x token' }, /AUTH_HEADER: must be a header name/],
      [{ AUTH_HEADER_PREFIX: 'Bearer token' }, /AUTH_HEADER_PREFIX: must be one word/],
      [{ AUTH_CLOCK_SKEW_SECONDS: '-1' }, /AUTH_CLOCK_SKEW_SECONDS: must be >= 0/],
      [{ AUTH_REJECT_UNAUTHORIZED: 'maybe' }, /AUTH_REJECT_UNAUTHORIZED: must be true or false/],
      [
        { AUTH_REJECT_INVALID_TOKEN: 'true' },
        /AUTH_REJECT_INVALID_TOKEN: needs AUTH_JWKS_URL or AUTH_JWKS_FILE/,
      ],
    ];
    for (const [environment, message] of cases) {
      expect(() => loadGatewayConfig(environment), JSON.stringify(environment)).toThrow(message);
    }
  });
});
