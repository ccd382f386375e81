import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../../../gateway/src/security/memory-rate-limiter.js';
import {
  checkRateLimit,
  clientKeyOf,
  rateLimitedRefusal,
} from '../../../../gateway/src/security/rate-limit.js';
import { writeRefusal } from '../../../../gateway/src/security/refusal.js';

function aRequest(headers: Record<string, string> = {}, remoteAddress = '::ffff:10.0.0.7'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('MemoryRateLimiter', () => {
  it('limits each client to its own bucket and refills it over time', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ capacity: 2, refillPerSecond: 1, now: () => now });
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
    expect(await limiter.take('ip:a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.take('ip:b')).toEqual({ allowed: true });
    now = 1_000;
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
  });

  it('forgets the least recently used client beyond maxClients, which refills it', async () => {
    const limiter = new MemoryRateLimiter({
      capacity: 1,
      refillPerSecond: 0.001,
      maxClients: 2,
      now: () => 0,
    });
    await limiter.take('ip:a');
    expect(await limiter.take('ip:a')).toMatchObject({ allowed: false });
    await limiter.take('ip:b');
    await limiter.take('ip:c');
    expect(await limiter.take('ip:a')).toEqual({ allowed: true });
  });
});

describe('clientKeyOf', () => {
  it('keys by the socket address and ignores X-Forwarded-For unless proxies are trusted', () => {
    const request = aRequest({ 'x-forwarded-for': '1.2.3.4' });
    expect(clientKeyOf(request)).toBe('ip:10.0.0.7');
    expect(clientKeyOf(request, { apiKeyHeader: '', trustedProxyHops: 1 })).toBe('ip:1.2.3.4');
  });

  it('takes the address the last trusted proxy saw, not one the client wrote', () => {
    const request = aRequest({ 'x-forwarded-for': 'forged, 203.0.113.9, 10.0.0.2' });
    expect(clientKeyOf(request, { apiKeyHeader: '', trustedProxyHops: 2 })).toBe('ip:203.0.113.9');
    expect(clientKeyOf(aRequest(), { apiKeyHeader: '', trustedProxyHops: 1 })).toBe('ip:10.0.0.7');
  });

  it('keys by a hash of the API key when the header is configured', () => {
    const options = { apiKeyHeader: 'X-Api-Key', trustedProxyHops: 0 };
    const key = clientKeyOf(aRequest({ 'x-api-key': 'secret-key-1' }), options);
    expect(key).toMatch(/^key:[0-9a-f]{32}$/);
    expect(key).not.toContain('secret');
    expect(clientKeyOf(aRequest({ 'x-api-key': 'secret-key-2' }), options)).not.toBe(key);
    expect(clientKeyOf(aRequest(), options)).toBe('ip:10.0.0.7');
  });
});

describe('checkRateLimit', () => {
  it('takes a token from the bucket of the request client', async () => {
    const limiter = new MemoryRateLimiter({ capacity: 1, refillPerSecond: 0.5, now: () => 0 });
    expect(await checkRateLimit(limiter, aRequest())).toEqual({ allowed: true });
    expect(await checkRateLimit(limiter, aRequest())).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(await checkRateLimit(limiter, aRequest({}, '10.0.0.8'))).toEqual({ allowed: true });
  });
});

describe('rateLimitedRefusal', () => {
  it('answers HTTP 429 with Retry-After and a RATE_LIMITED GraphQL error', () => {
    const written: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
    const response = {
      set statusCode(status: number) {
        written.status = status;
      },
      setHeader: (name: string, value: string) => {
        written.headers[name] = value;
      },
      end: (body: string) => {
        written.body = body;
      },
    } as unknown as ServerResponse;
    writeRefusal(response, rateLimitedRefusal(7));
    expect(written.status).toBe(429);
    expect(written.headers).toMatchObject({
      'retry-after': '7',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(written.body ?? '')).toEqual({
      errors: [
        {
          message: 'Too many requests; retry after 7 s.',
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 },
        },
      ],
    });
  });
});
