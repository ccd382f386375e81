import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RATE_LIMITED } from '../errors.js';
import type { Refusal } from './refusal.js';

/** Whether a request may proceed, and if not, when the client may try again. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The rate-limit port: takes one token from the client's bucket. */
export interface RateLimiter {
  take(clientKey: string): Promise<RateLimitDecision>;
}

/** How a request is tied to a client. */
export interface ClientKeyOptions {
  /**
   * Header holding the client's API key; empty to key by IP only. Only name one whose value is
   * verified before the gateway (a client that makes up keys gets a fresh bucket per key).
   */
  apiKeyHeader: string;
  /**
   * Reverse proxies in front of the gateway that append to `X-Forwarded-For`; the client is the
   * address that many entries from the right. 0 uses the socket's address, and ignores the header,
   * which a client can forge.
   */
  trustedProxyHops: number;
}

/** Key by socket address only. */
export const defaultClientKeyOptions: Readonly<ClientKeyOptions> = Object.freeze({
  apiKeyHeader: '',
  trustedProxyHops: 0,
});

/**
 * The bucket key of a request: `key:` and a hash of its API key (so no key is stored in clear),
 * else `ip:` and the client address.
 */
export function clientKeyOf(
  req: IncomingMessage,
  options: ClientKeyOptions = defaultClientKeyOptions,
): string {
  if (options.apiKeyHeader !== '') {
    const raw = req.headers[options.apiKeyHeader.toLowerCase()];
    const apiKey = Array.isArray(raw) ? raw[0] : raw;
    if (apiKey) return `key:${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
  }
  return `ip:${clientAddress(req, options.trustedProxyHops)}`;
}

function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  const socketAddress = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  if (trustedProxyHops <= 0) return socketAddress;
  const forwarded = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Each trusted proxy appended the address it saw; the one the last trusted proxy saw is the client.
  const candidate = chain[chain.length - trustedProxyHops];
  return candidate === undefined ? socketAddress : normalizeAddress(candidate);
}

function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The node:http-level check the host runs before reading a request's body: one token from the
 * bucket of the request's client.
 */
export function checkRateLimit(
  limiter: RateLimiter,
  req: IncomingMessage,
  options: ClientKeyOptions = defaultClientKeyOptions,
): Promise<RateLimitDecision> {
  return limiter.take(clientKeyOf(req, options));
}

/** The answer to a limited request: HTTP 429, `Retry-After`, and a RATE_LIMITED GraphQL error. */
export function rateLimitedRefusal(retryAfterSeconds: number): Refusal {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    error: RATE_LIMITED.err(`Too many requests; retry after ${retryAfterSeconds} s.`, {
      extensions: { retryAfterSeconds },
    }),
  };
}
