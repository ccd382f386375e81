import { describe, expect, it } from 'vitest';
import {
  defaultOperationLimits,
  securityEnvShape,
  securitySettingsFrom,
} from '../../../../gateway/src/config/security-config.js';
import { parseEnv } from '../../../../platform/config.js';

describe('securityEnvShape', () => {
  it('has a safe default for every setting', () => {
    const settings = securitySettingsFrom({ ...parseEnv(securityEnvShape, {}), NODE_ENV: 'production' });
    expect(settings.limits).toEqual(defaultOperationLimits);
    expect(settings).toMatchObject({
      maxBatchSize: 0,
      trustedDocuments: { mode: 'off', directory: 'schema/operations' },
      rateLimit: {
        capacity: 100,
        refillPerSecond: 50,
        redisKeyPrefix: 'hexagraph:rate:',
        redisTimeoutMs: 100,
      },
      clientKey: { apiKeyHeader: '', trustedProxyHops: 0 },
      headerRules: { all: { allow: [] }, subgraphs: {} },
      production: {
        introspection: false,
        landingPage: { mode: 'off', sandboxTelemetry: false },
        maxBodyBytes: 1_000_000,
        bodyTimeoutMs: 10_000,
      },
    });
  });

  it('reads every limit and mode from its variable', () => {
    const config = parseEnv(securityEnvShape, {
      MAX_DEPTH: '8',
      MAX_COST: '500',
      MAX_BATCH_SIZE: '5',
      TRUSTED_DOCUMENTS: 'enforce',
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_KEY_HEADER: 'x-api-key',
      HEADER_RULES: '{"all":{"allow":["accept-language"]}}',
      INTROSPECTION: 'true',
    });
    const settings = securitySettingsFrom({ ...config, NODE_ENV: 'production' });
    expect(settings.limits).toMatchObject({ maxDepth: 8, maxCost: 500 });
    expect(settings).toMatchObject({
      maxBatchSize: 5,
      trustedDocuments: { mode: 'enforce' },
      rateLimit: undefined,
      clientKey: { apiKeyHeader: 'x-api-key' },
      headerRules: { all: { allow: ['accept-language'] } },
      production: { introspection: true },
    });
  });

  it('names each bad variable', () => {
    expect(() => parseEnv(securityEnvShape, { TRUSTED_DOCUMENTS: 'strict' })).toThrow(
      /TRUSTED_DOCUMENTS: must be one of off, enforce, report \(got "strict"\)/,
    );
    expect(() => parseEnv(securityEnvShape, { MAX_DEPTH: '0' })).toThrow(/MAX_DEPTH: must be > 0/);
    expect(() => parseEnv(securityEnvShape, { RATE_LIMIT_PER_SECOND: '-1' })).toThrow(
      /RATE_LIMIT_PER_SECOND/,
    );
    expect(() => parseEnv(securityEnvShape, { INTROSPECTION: 'maybe' })).toThrow(
      /INTROSPECTION: must be true or false/,
    );
  });
});
