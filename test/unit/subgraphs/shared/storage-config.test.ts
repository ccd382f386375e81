import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../../platform/config.js';
import { STORAGE_ENV, storageOptionsFrom } from '../../../../subgraphs/shared/storage-config.js';

const load = (variables: Record<string, string>) => parseEnv(STORAGE_ENV, variables);

describe('storage settings', () => {
  it('default to memory, with a local Redis ready for STORAGE=redis', () => {
    expect(load({})).toEqual({
      STORAGE: 'memory',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: 'hexagraph',
      OUTBOX_RELAY: true,
    });
    expect(storageOptionsFrom(load({}))).toEqual({ kind: 'memory' });
  });

  it('turn into Redis options', () => {
    const config = load({
      STORAGE: 'redis',
      REDIS_URL: 'rediss://user:secret@cache:6380/1',
      REDIS_NAMESPACE: 'shop:{eu}',
      OUTBOX_RELAY: 'false',
    });
    expect(storageOptionsFrom(config)).toEqual({
      kind: 'redis',
      url: 'rediss://user:secret@cache:6380/1',
      namespace: 'shop:{eu}',
      relay: false,
    });
  });

  it('turn REDIS_CLUSTER_NODES into Redis Cluster options', () => {
    const config = load({
      STORAGE: 'redis',
      REDIS_CLUSTER_NODES: 'redis://app:secret@10.0.0.1:7000,10.0.0.2:7001',
    });
    expect(storageOptionsFrom(config)).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      namespace: 'hexagraph',
      relay: true,
      cluster: {
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
        ],
        username: 'app',
        password: 'secret',
        tls: false,
      },
    });
  });

  it('refuse a namespace with braces on a Redis Cluster, whose hash tags are made from it', () => {
    const config = load({
      STORAGE: 'redis',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000',
      REDIS_NAMESPACE: 'shop:{eu}',
    });
    expect(() => storageOptionsFrom(config)).toThrow(
      /REDIS_NAMESPACE: must not contain \{ or \} with REDIS_CLUSTER_NODES set/,
    );
  });

  it.each([
    [
      { REDIS_CLUSTER_NODES: 'cache:port' },
      /REDIS_CLUSTER_NODES: "cache:port" is not host:port or a redis:\/\/ URL/,
    ],
    [
      { REDIS_URL: 'http://cache:6379' },
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL \(got "http:\/\/cache:6379"\)/,
    ],
    [{ REDIS_URL: 'cache:6379' }, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ REDIS_NAMESPACE: 'has space' }, /REDIS_NAMESPACE: must be 1 to 64 letters/],
    [{ REDIS_NAMESPACE: '' }, /REDIS_NAMESPACE: must be 1 to 64 letters/],
    [{ OUTBOX_RELAY: 'sometimes' }, /OUTBOX_RELAY: must be true or false/],
  ])('refuse %j, naming the variable', (variables, message) => {
    expect(() => load(variables)).toThrow(message);
  });
});
