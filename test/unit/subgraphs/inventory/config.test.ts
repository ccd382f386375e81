import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../platform/config.js';
import { loadInventoryConfig } from '../../../../subgraphs/inventory/config.js';

describe('loadInventoryConfig', () => {
  it('defaults to port 4002 on all interfaces with memory storage', () => {
    expect(loadInventoryConfig({})).toEqual({
      PORT: 4002,
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

  it('reads its settings from the environment', () => {
    expect(loadInventoryConfig({ PORT: '5002', STORAGE: 'redis', NODE_ENV: 'production' })).toMatchObject({
      PORT: 5002,
      STORAGE: 'redis',
      NODE_ENV: 'production',
    });
  });

  it.each([
    [{ PORT: 'http' }, /PORT: must be a port number \(got "http"\)/],
    [{ PORT: '99999' }, /PORT: must be between 0 and 65535/],
    [{ STORAGE: 'postgres' }, /STORAGE: must be memory or redis \(got "postgres"\)/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: must be one of/],
  ])('refuses %j, naming the variable', (variables, message) => {
    expect(() => loadInventoryConfig(variables)).toThrow(ConfigError);
    expect(() => loadInventoryConfig(variables)).toThrow(message);
  });

  it('refuses a blank HOST, as every subgraph does', () => {
    expect(() => loadInventoryConfig({ HOST: '  ' })).toThrow(/HOST: must not be blank/);
  });
});
