import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../../platform/config.js';
import { SIGNATURE_CHECK_ENV, signatureCheckFrom } from '../../../../platform/signing/signing-config.js';

const SECRET = 'a'.repeat(64);
const PREVIOUS = 'b'.repeat(64);

function check(variables: Record<string, string>, nodeEnv = 'development') {
  return signatureCheckFrom({ ...parseEnv(SIGNATURE_CHECK_ENV, variables), NODE_ENV: nodeEnv });
}

describe('signature check settings', () => {
  it('are absent without a secret outside production', () => {
    expect(check({})).toBeUndefined();
    expect(check({ SUBGRAPH_SIGNING_SECRET: '  ' })).toBeUndefined();
  });

  it('accept the current secret first, then the previous one, within a 30 s window by default', () => {
    expect(check({ SUBGRAPH_SIGNING_SECRET: SECRET, SUBGRAPH_SIGNING_SECRET_PREVIOUS: PREVIOUS })).toEqual({
      secrets: [SECRET, PREVIOUS],
      windowMs: 30_000,
    });
  });

  it('refuse a short secret, naming the variable', () => {
    expect(() => check({ SUBGRAPH_SIGNING_SECRET: 'hunter2' })).toThrow(
      /SUBGRAPH_SIGNING_SECRET: must be at least 32 characters/,
    );
  });

  it('refuse a previous secret without a current one', () => {
    expect(() => check({ SUBGRAPH_SIGNING_SECRET_PREVIOUS: PREVIOUS })).toThrow(
      /SUBGRAPH_SIGNING_SECRET_PREVIOUS: set only beside SUBGRAPH_SIGNING_SECRET/,
    );
  });

  it('are required in production', () => {
    expect(() => check({}, 'production')).toThrow(ConfigError);
    expect(() => check({}, 'production')).toThrow(
      /SUBGRAPH_SIGNING_SECRET: required when NODE_ENV=production/,
    );
    expect(check({ SUBGRAPH_SIGNING_SECRET: SECRET }, 'production')).toMatchObject({ secrets: [SECRET] });
  });
});
