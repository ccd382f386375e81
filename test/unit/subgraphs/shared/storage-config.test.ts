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

  it.each([
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
