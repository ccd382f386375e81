import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';
import { runTsxCommand } from '../../helpers/tsx-process.js';
import { describeDeadLettersWithProcesses } from './dead-letters-with-processes.js';

let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describeDeadLettersWithProcesses('Redis', () => ({ env: { REDIS_URL: server.url }, redis, tagged: false }));

describe('the dead-letters command without a Redis', () => {
  it('says which Redis did not answer, with exit code 2', async () => {
    const result = await runTsxCommand('scripts/dead-letters.ts', ['list', '--timeout', '200'], {
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('dead-letters: Redis at 127.0.0.1:1/0 did not answer within 200 ms.\n');
  }, 60_000);

  it('names a bad setting, with exit code 2', async () => {
    const result = await runTsxCommand('scripts/dead-letters.ts', ['list'], { REDIS_NAMESPACE: 'a b' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REDIS_NAMESPACE: must be 1 to 64 letters');
  }, 60_000);
});
