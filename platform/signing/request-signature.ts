import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The header a signed request carries: `t=<unix ms>,n=<nonce>,v1=<hex HMAC-SHA256>`. The HMAC is
 * over `METHOD \n PATH \n sha256(body) in hex \n t \n n`, PATH being the request target as sent
 * (path and query string), so neither the body, the method, the target nor the time can change
 * without the signature failing, and the nonce tells two identical requests apart.
 */
export const SIGNATURE_HEADER = 'x-hexagraph-signature';

/** What is signed of a request. */
export interface SignedParts {
  method: string;
  /** The request target exactly as sent: path and query string. */
  path: string;
  /** The exact body bytes sent (a string is taken as UTF-8); empty for none. */
  body: string | Uint8Array;
}

/** A parsed, well-formed signature header. */
export interface ParsedSignature {
  timestamp: number;
  nonce: string;
  hmac: Buffer;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const HMAC_HEX = /^[0-9a-f]{64}$/;
const FORMAT = `expected t=<unix ms>,n=<nonce>,v1=<hex HMAC-SHA256>`;

/** The signature header value for a request sent now (or at `timestamp`) under `secret`. */
export function signRequest(
  parts: SignedParts,
  secret: string,
  timestamp: number = Date.now(),
  nonce: string = randomBytes(16).toString('base64url'),
): string {
  return `t=${timestamp},n=${nonce},v1=${hmacOf(parts, secret, timestamp, nonce).toString('hex')}`;
}

/** Parses a signature header; a string says what is wrong with it. */
export function parseSignature(header: string | string[] | undefined): ParsedSignature | string {
  if (header === undefined) return `the ${SIGNATURE_HEADER} header is missing`;
  if (Array.isArray(header)) return `the ${SIGNATURE_HEADER} header is sent more than once`;
  const fields = new Map<string, string>();
  for (const field of header.split(',')) {
    const separator = field.indexOf('=');
    const name = field.slice(0, separator).trim();
    if (separator <= 0 || fields.has(name)) return `the ${SIGNATURE_HEADER} header is malformed (${FORMAT})`;
    fields.set(name, field.slice(separator + 1).trim());
  }
  const t = fields.get('t') ?? '';
  const nonce = fields.get('n') ?? '';
  const hmac = fields.get('v1') ?? '';
  if (fields.size !== 3 || !/^\d{1,16}$/.test(t) || !NONCE.test(nonce) || !HMAC_HEX.test(hmac))
    return `the ${SIGNATURE_HEADER} header is malformed (${FORMAT})`;
  return { timestamp: Number(t), nonce, hmac: Buffer.from(hmac, 'hex') };
}

/** True when `signature` is the HMAC of `parts` under `secret`; compared in constant time. */
export function signatureMatches(parts: SignedParts, signature: ParsedSignature, secret: string): boolean {
  return timingSafeEqual(hmacOf(parts, secret, signature.timestamp, signature.nonce), signature.hmac);
}

function hmacOf(parts: SignedParts, secret: string, timestamp: number, nonce: string): Buffer {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return createHmac('sha256', secret)
    .update(`${parts.method.toUpperCase()}\n${parts.path}\n${bodyHash}\n${timestamp}\n${nonce}`)
    .digest();
}
