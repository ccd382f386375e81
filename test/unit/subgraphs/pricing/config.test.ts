import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../platform/config.js';
import { loadPricingConfig } from '../../../../subgraphs/pricing/config.js';

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
