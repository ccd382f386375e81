import type { IncomingMessage, ServerResponse } from 'node:http';

/** Origins of Apollo Sandbox (hosted and embedded), always allowed. */
export const SANDBOX_ORIGINS: readonly string[] = [
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
];

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const DEFAULT_ALLOWED_HEADERS =
  'content-type, apollo-require-preflight, x-apollo-operation-name, authorization, x-request-id, x-request-timeout-ms, traceparent';
const EXPOSED_HEADERS = 'x-request-id';

/**
 * CORS for the gateway: Apollo Sandbox's origins plus a configured list (`*` allows any origin).
 * Returns true when it answered a preflight request, which then needs nothing more.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  const permitted = origin !== undefined && (allowed.has('*') || allowed.has(origin));
  if (permitted) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (req.method !== 'OPTIONS') return false;
  if (permitted) {
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    const requested = req.headers['access-control-request-headers'];
    res.setHeader('access-control-allow-headers', requested ?? DEFAULT_ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.statusCode = 204;
  res.end();
  return true;
}

/** The set of allowed origins: Sandbox's plus the configured ones. */
export function allowedOrigins(configured: readonly string[] = []): ReadonlySet<string> {
  return new Set([...SANDBOX_ORIGINS, ...configured]);
}
