import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  RedisRateLimiter,
  type RedisScriptClient,
} from '../../../../gateway/src/security/redis-rate-limiter.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';

const options = { capacity: 5, refillPerSecond: 1, keyPrefix: 'test:rate:', timeoutMs: 100 };

function scriptedClient(replies: (() => Promise<unknown>)[]): RedisScriptClient & { calls: string[] } {
  const calls: string[] = [];
  const next = () => (replies.shift() ?? (() => Promise.resolve([1, 0])))();
  return {
    calls,
    evalsha: (_sha, _keys, ...args) => {
      calls.push(`evalsha ${args[0]}`);
      return next();
    },
    eval: (_script, _keys, ...args) => {
      calls.push(`eval ${args[0]}`);
      return next();
    },
  };
}

describe('RedisRateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns the script reply into a decision, keyed under the prefix', async () => {
    const client = scriptedClient([() => Promise.resolve([1, 0]), () => Promise.resolve([0, 1_500])]);
    const limiter = new RedisRateLimiter(client, options, capturedLogger().log);
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(client.calls).toEqual(['evalsha test:rate:ip:a', 'evalsha test:rate:ip:a']);
  });

  it('loads the script when Redis does not have it cached', async () => {
    const client = scriptedClient([() => Promise.reject(new Error('NOSCRIPT No matching script.'))]);
    const limiter = new RedisRateLimiter(client, options, capturedLogger().log);
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(client.calls).toEqual(['evalsha test:rate:ip:a', 'eval test:rate:ip:a']);
  });

  it('lets requests through while Redis fails, warning once per outage', async () => {
    const down = () => Promise.reject(new Error('Connection is closed.'));
    const client = scriptedClient([down, down, () => Promise.resolve([0, 500]), down]);
    const { log, lines } = capturedLogger();
    const limiter = new RedisRateLimiter(client, options, log);
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(lines.map((line) => line.level)).toEqual([40, 30, 40]);
  });

  it('lets a request through when Redis is slower than the timeout', async () => {
    vi.useFakeTimers();
    const client = scriptedClient([() => new Promise(() => {})]);
    const { log, lines } = capturedLogger();
    const decision = new RedisRateLimiter(client, options, log).take('ip:a');
    await vi.advanceTimersByTimeAsync(100);
    expect(await decision).toEqual({ allowed: true });
    expect(lines[0]).toMatchObject({ level: 40 });
  });

  it('treats a malformed reply as a failure', async () => {
    const client = scriptedClient([() => Promise.resolve('OK')]);
    const { log, lines } = capturedLogger();
    expect(await new RedisRateLimiter(client, options, log).take('ip:a')).toEqual({ allowed: true });
    expect(lines).toHaveLength(1);
  });
});
