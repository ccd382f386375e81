import { SIGNATURE_HEADER, signRequest } from './request-signature.js';

/**
 * The signature header of a request to `url` with `body`, as an object to spread into a request's
 * headers: for callers that build one request by hand (composition, `schema:check`).
 */
export function signatureHeaderFor(
  method: string,
  url: string | URL,
  body: string | Uint8Array,
  secret: string,
): Record<string, string> {
  const target = new URL(url);
  return {
    [SIGNATURE_HEADER]: signRequest({ method, path: `${target.pathname}${target.search}`, body }, secret),
  };
}
