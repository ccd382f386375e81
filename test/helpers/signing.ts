import { randomBytes } from 'node:crypto';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { RequestVerifier } from '../../platform/signing/request-verifier.js';
import { signatureHeaderFor } from '../../platform/signing/signature-header.js';

/** The secret the test federations verify and their gateways sign with; new on every run. */
export const TEST_SIGNING_SECRET = randomBytes(32).toString('hex');

/** A verifier accepting `secret` (no replay store): what a test subgraph checks requests with. */
export function testVerifier(secret: string): RequestVerifier {
  return new RequestVerifier({ secrets: [secret], windowMs: 30_000 });
}

/** What @apollo/gateway's data sources fetch with. */
type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * The tests' own signing fetch for @apollo/gateway's data sources: global fetch with the
 * signature header added over the exact body it sends.
 */
export function signingFetcher(secret: string): Fetcher {
  return (url, init = {}) => {
    const signature = signatureHeaderFor(init.method ?? 'GET', url, init.body ?? '', secret);
    return fetch(url, { ...init, headers: { ...init.headers, ...signature } }) as ReturnType<Fetcher>;
  };
}
