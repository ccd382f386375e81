import { describe, expect, it } from 'vitest';
import { describeRedisUrl, toStorageError } from '../../../../platform/redis/redis-errors.js';
import { StorageUnavailable } from '../../../../platform/storage-unavailable.js';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('toStorageError', () => {
  it.each([
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    new Error('Connection is closed.'),
    new Error('Command timed out'),
    new Error('connect ECONNREFUSED 127.0.0.1:6379'),
    named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).'),
    named('ReplyError', 'LOADING Redis is loading the dataset in memory'),
    named('ReplyError', 'READONLY You cannot write against a read only replica.'),
    named('ReplyError', 'TRYAGAIN Multiple keys request during rehashing of slot'),
    named('ReplyError', 'CLUSTERDOWN The cluster is down'),
    named('ReplyError', 'MOVED 5047 127.0.0.1:37701'),
    named('ReplyError', 'ASK 5047 127.0.0.1:37701'),
    new Error("Cluster isn't ready and enableOfflineQueue options is false"),
    new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'),
    new Error('Failed to refresh slots cache.'),
  ])('calls %s an outage, keeping it as the cause', (error) => {
    const mapped = toStorageError(error);
    expect(mapped).toBeInstanceOf(StorageUnavailable);
    expect(mapped).toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause: error });
  });

  it.each([
    named('ReplyError', 'WRONGTYPE Operation against a key holding the wrong kind of value'),
    named('ReplyError', 'ERR Error running script: attempt to compare nil with number'),
    named('ReplyError', "CROSSSLOT Keys in request don't hash to the same slot"),
    new TypeError('Cannot read properties of undefined'),
  ])('leaves %s as it is: a bug, not an outage', (error) => {
    expect(toStorageError(error)).toBe(error);
  });
});

describe('describeRedisUrl', () => {
  it('shows host, port and database without credentials', () => {
    expect(describeRedisUrl('redis://user:secret@cache:6380/2')).toBe('cache:6380/2');
    expect(describeRedisUrl('redis://cache')).toBe('cache:6379/0');
  });
});
