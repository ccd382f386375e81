import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../../platform/logger.js';
import { QUERY_NOT_IN_SAFELIST } from '../errors.js';
import type { Refusal } from './refusal.js';
import { sha256Hex, type TrustedDocumentStore } from './trusted-document-store.js';

/** `off`: any operation; `enforce`: trusted documents only; `report`: any, unknown ones logged. */
export type TrustedDocumentsMode = 'off' | 'enforce' | 'report';

/** The trusted-documents policy: the store and what to do about text that is not in it. */
export interface TrustedDocumentsPolicy {
  store: TrustedDocumentStore;
  mode: TrustedDocumentsMode;
}

/** The refusal an untrusted operation gets in `enforce` mode (HTTP 403, as Apollo Router answers). */
export function untrustedOperationError(hash: string): GraphQLError {
  return QUERY_NOT_IN_SAFELIST.err(
    'This gateway serves trusted documents only, and this operation is not one of them.',
    { extensions: { queryHash: hash } },
  );
}

/**
 * Decides on an operation text: undefined when it may run, a refusal when the policy enforces
 * trusted documents and the text (exactly or normalized) is not one of them.
 */
export function checkTrustedDocument(
  policy: TrustedDocumentsPolicy,
  text: string,
  exactHash?: string,
): Refusal | undefined {
  if (policy.mode !== 'enforce') return undefined;
  const hash = exactHash ?? sha256Hex(text);
  if (policy.store.byText(text, hash)) return undefined;
  return { status: 403, error: untrustedOperationError(hash) };
}

/**
 * Apollo Server plugin applying the policy in `didResolveOperation`, to every operation however
 * its text arrived (body, GET, persisted-query cache). In `enforce` mode an unknown operation is
 * refused with QUERY_NOT_IN_SAFELIST (HTTP 403) before planning; in `report` mode it runs and is
 * logged once per distinct text (up to 10,000 remembered) so a flood cannot flood the log.
 */
export function trustedDocumentsPlugin<TContext extends BaseContext>(
  policy: TrustedDocumentsPolicy,
  log: Logger,
): ApolloServerPlugin<TContext> {
  const reported = new LRUCache<string, true>({ max: 10_000 });
  return {
    async requestDidStart() {
      if (policy.mode === 'off') return;
      return {
        async didResolveOperation({ source, queryHash, operationName }) {
          if (policy.store.byText(source, queryHash)) return;
          if (policy.mode === 'enforce') {
            const error = untrustedOperationError(queryHash);
            error.extensions.http = { status: 403 };
            throw error;
          }
          if (reported.has(queryHash)) return;
          reported.set(queryHash, true);
          log.warn({ queryHash, operationName }, 'operation is not a trusted document (report-only mode)');
        },
      };
    },
  };
}

/**
 * The cache to give Apollo Server as `persistedQueries.cache`: a request that sends only
 * `extensions.persistedQuery.sha256Hash` of a trusted document (its exact or normalized hash) is
 * served from the store; other hashes go to `fallback`, the ordinary APQ cache (leave it out in
 * `enforce` mode: only trusted documents are worth remembering). Apollo verifies that a
 * registering request's hash is the sha256 of its text, and registers only operations that passed
 * `didResolveOperation`, so untrusted text never lands here in `enforce` mode.
 */
export function trustedDocumentsApqCache(
  store: TrustedDocumentStore,
  fallback?: KeyValueCache<string>,
): KeyValueCache<string> {
  return {
    async get(key) {
      return store.byHash(hashOf(key))?.text ?? (await fallback?.get(key));
    },
    async set(key, value, options?: KeyValueCacheSetOptions) {
      if (store.byHash(hashOf(key))) return;
      await fallback?.set(key, value, options);
    },
    async delete(key) {
      return fallback?.delete(key);
    },
  };
}

/** Apollo Server prefixes APQ keys with `apq:` (unless told the cache needs no prefix). */
function hashOf(key: string): string {
  return key.startsWith('apq:') ? key.slice(4) : key;
}
