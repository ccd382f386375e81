import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../platform/config.js';
import { loadPricingConfig } from '../../../../subgraphs/pricing/config.js';

const SECRET = 'a'.repeat(64);
const PREVIOUS_SECRET = 'b'.repeat(64);

describe('loadPricingConfig', () => {
  it('defaults to port 4003 on all interfaces with memory storage', () => {
    expect(loadPricingConfig({})).toEqual({
      PORT: 4003,
      HOST: '0.0.0.0',
      STORAGE: 'memory',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: 'hexagraph',
      OUTBOX_RELAY: true,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      SUBGRAPH_SIGNING_SECRET: undefined,
      SUBGRAPH_SIGNING_SECRET_PREVIOUS: undefined,
      SUBGRAPH_SIGNING_WINDOW_MS: 30_000,
      SUBGRAPH_MAX_DEPTH: 32,
      SUBGRAPH_MAX_ALIASES: 200,
      SUBGRAPH_MAX_STRING_LENGTH: 4_096,
      SUBGRAPH_MAX_REPRESENTATIONS: 1_000,
      SHUTDOWN_GRACE_MS: 8_000,
    });
  });

  it('reads every setting from the environment', () => {
    expect(
      loadPricingConfig({
        PORT: '5003',
        HOST: '127.0.0.1',
        STORAGE: 'redis',
        REDIS_URL: 'redis://cache:6380/2',
        REDIS_NAMESPACE: 'shop',
        OUTBOX_RELAY: 'false',
        LOG_LEVEL: 'debug',
        NODE_ENV: 'production',
        SUBGRAPH_SIGNING_SECRET: SECRET,
        SUBGRAPH_SIGNING_SECRET_PREVIOUS: PREVIOUS_SECRET,
        SUBGRAPH_SIGNING_WINDOW_MS: '10000',
        SUBGRAPH_MAX_DEPTH: '20',
        SUBGRAPH_MAX_ALIASES: '50',
        SUBGRAPH_MAX_STRING_LENGTH: '1000',
        SHUTDOWN_GRACE_MS: '5000',
      }),
    ).toEqual({
      PORT: 5003,
      HOST: '127.0.0.1',
      STORAGE: 'redis',
      REDIS_URL: 'redis://cache:6380/2',
      REDIS_NAMESPACE: 'shop',
      OUTBOX_RELAY: false,
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      SUBGRAPH_SIGNING_SECRET: SECRET,
      SUBGRAPH_SIGNING_SECRET_PREVIOUS: PREVIOUS_SECRET,
      SUBGRAPH_SIGNING_WINDOW_MS: 10_000,
      SUBGRAPH_MAX_DEPTH: 20,
      SUBGRAPH_MAX_ALIASES: 50,
      SUBGRAPH_MAX_STRING_LENGTH: 1_000,
      SUBGRAPH_MAX_REPRESENTATIONS: 1_000,
      SHUTDOWN_GRACE_MS: 5_000,
    });
  });

  it('names a bad PORT and an unknown STORAGE with their values', () => {
    const attempt = () => loadPricingConfig({ PORT: '-1', STORAGE: 'postgres' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: must be between 0 and 65535 \(got "-1"\)/);
    expect(attempt).toThrow(/STORAGE: must be memory or redis \(got "postgres"\)/);
  });
});
