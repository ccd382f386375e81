import type { Logger } from '../../platform/logger.js';
import { RedisNonceStore } from '../../platform/signing/redis-nonce-store.js';
import { RequestVerifier } from '../../platform/signing/request-verifier.js';
import type { SignatureCheckSettings } from '../../platform/signing/signing-config.js';
import type { RedisRuntime } from './adapters/redis-runtime.js';

/** Where a subgraph on Redis remembers nonces: one key space per namespace, shared by every subgraph. */
export function nonceKeyPrefix(namespace: string): string {
  return `${namespace}:signature-nonces:`;
}

/**
 * The check a subgraph runs on every GraphQL request: signatures with `signing`'s secrets and
 * window, and on Redis a replay check shared by all instances. Without `signing` there is none,
 * and a warning says the subgraph serves anyone who can reach it.
 */
export function signatureVerifierFor(
  signing: SignatureCheckSettings | undefined,
  deps: { log: Logger; redis?: RedisRuntime | undefined },
): RequestVerifier | undefined {
  if (!signing) {
    deps.log.warn(
      'SUBGRAPH_SIGNING_SECRET is unset: serving unsigned requests from anyone who can reach this port',
    );
    return undefined;
  }
  const { redis } = deps;
  return new RequestVerifier({
    ...signing,
    ...(redis && { nonces: new RedisNonceStore(redis.client, nonceKeyPrefix(redis.namespace)) }),
  });
}
