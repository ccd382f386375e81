import type { IncomingMessage, ServerResponse } from 'node:http';

/** Origins of Apollo Sandbox (hosted and embedded), allowed while the gateway serves it as its landing page. */
export const SANDBOX_ORIGINS: readonly string[] = [
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
];

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const DEFAULT_ALLOWED_HEADERS =
  'content-type, apollo-require-preflight, x-apollo-operation-name, authorization, x-request-id, x-request-timeout-ms, traceparent';
const EXPOSED_HEADERS = 'x-request-id';

/**
 * CORS for the gateway: the allowed origins (see `allowedOrigins`) get their origin echoed with
 * credentials; `*` lets any other origin read answers, but never with credentials (cookies,
 * HTTP authentication), which would let any site act as its visitors. Returns true when it
 * answered a preflight request, which then needs nothing more.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  const listed = origin !== undefined && allowed.has(origin);
  const permitted = listed || (origin !== undefined && allowed.has('*'));
  if (permitted) {
    res.setHeader('access-control-allow-origin', listed ? origin : '*');
    if (listed) res.setHeader('access-control-allow-credentials', 'true');
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

/**
 * The set of allowed origins: the configured ones, and Sandbox's while `sandbox` says the gateway
 * serves it (with the landing page off, Apollo Studio's sites get nothing, credentials least).
 */
export function allowedOrigins(
  configured: readonly string[] = [],
  options: { sandbox: boolean } = { sandbox: true },
): ReadonlySet<string> {
  return new Set([...(options.sandbox ? SANDBOX_ORIGINS : []), ...configured]);
}
