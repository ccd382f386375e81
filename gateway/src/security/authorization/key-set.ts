import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { ConfigError } from '../../../../platform/config.js';
import type { JwksSource } from '../../config/auth-config.js';

/** Picks the key that verifies a token (by its `kid` and `alg`), from a JSON Web Key Set. */
export type KeySet = JWTVerifyGetKey;

/**
 * The key set of the settings. A file is read now, once; a ConfigError names AUTH_JWKS_FILE when
 * it cannot be read or holds no JWKS. A URL is downloaded on first use and cached; a token whose
 * `kid` the cache lacks triggers a download, at most one per `minRefreshMs`, and so does a failed
 * download, so neither unknown keys nor an unreachable endpoint turn into a request per token.
 */
export function createKeySet(source: JwksSource): KeySet {
  if (source.kind === 'file') return createLocalJWKSet(readJwksFile(source.path));
  return createRemoteJWKSet(new URL(source.url), {
    cooldownDuration: source.minRefreshMs,
    cacheMaxAge: source.maxAgeMs,
    timeoutDuration: source.timeoutMs,
    [customFetch]: spacedAfterFailure(fetch, source.minRefreshMs),
  });
}

function readJwksFile(path: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError([`AUTH_JWKS_FILE: ${path} cannot be read: ${reason}`]);
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`AUTH_JWKS_FILE: ${path} is not JSON: ${(error as Error).message}`]);
  }
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null)) {
    throw new ConfigError([
      `AUTH_JWKS_FILE: ${path} is not a JSON Web Key Set (an object with a "keys" array)`,
    ]);
  }
  return jwks as JSONWebKeySet;
}

/**
 * jose spaces downloads only after a successful one; this keeps the same distance after a failed
 * one, answering in between with the last failure instead of calling the endpoint again.
 */
function spacedAfterFailure(fetchImpl: FetchImplementation, minIntervalMs: number): FetchImplementation {
  let failure: { at: number; error: unknown } | undefined;
  return async (url, options) => {
    if (failure && Date.now() < failure.at + minIntervalMs) throw failure.error;
    try {
      const response = await fetchImpl(url, options);
      failure = response.status === 200 ? undefined : { at: Date.now(), error: httpFailure(response.status) };
      return response;
    } catch (error) {
      failure = { at: Date.now(), error };
      throw error;
    }
  };
}

function httpFailure(status: number): Error {
  return new Error(`The JSON Web Key Set endpoint answered HTTP ${status}.`);
}
