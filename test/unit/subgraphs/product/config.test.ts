import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../platform/config.js';
import { loadProductConfig } from '../../../../subgraphs/product/config.js';

const SECRET = 'a'.repeat(64);
const PREVIOUS_SECRET = 'b'.repeat(64);

describe('loadProductConfig', () => {
  it('defaults to port 4001 on all interfaces with in-memory storage', () => {
    expect(loadProductConfig({})).toEqual({
      PORT: 4001,
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

  it('reads each setting from the environment', () => {
    expect(
      loadProductConfig({
        PORT: '5001',
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
      PORT: 5001,
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

  it('names a bad PORT and an unknown STORAGE with the values they had', () => {
    expect(() => loadProductConfig({ PORT: 'http', STORAGE: 'postgres' })).toThrow(ConfigError);
    expect(() => loadProductConfig({ PORT: 'http', STORAGE: 'postgres' })).toThrow(
      /PORT: must be a port number \(got "http"\)[\s\S]*STORAGE: must be memory or redis \(got "postgres"\)/,
    );
  });

  it('refuses a blank HOST', () => {
    expect(() => loadProductConfig({ HOST: '  ' })).toThrow(/HOST: must not be blank/);
  });
});
