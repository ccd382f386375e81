import { StorageUnavailable } from '../storage-unavailable.js';

// Server replies that mean "not now" rather than "wrong command": the same call can succeed later.
// MOVED and ASK reach the caller from a pipeline or transaction sent while a failover moves its
// slots (the Cluster client follows them for single commands): it refreshes its slot map on
// seeing them, so the next call goes to the new master.
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|MOVED|ASK)\b/;
// What ioredis and the socket say when there is no usable connection (enableOfflineQueue: false,
// commandTimeout, maxRetriesPerRequest, refused or reset connections), and what its Cluster client
// says while it has no slot map or a failover outlasts its redirections.
const NO_CONNECTION =
  /Connection is closed|Stream isn't writeable|Command timed out|max retries per request|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Cluster isn't ready|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available|Cluster is (ended|disconnected|disconnecting)|Node is disconnected/i;

/**
 * Turns an ioredis failure that means "Redis cannot be reached" into StorageUnavailable, keeping
 * the original as `cause`; any other error (a script bug, a wrong type) is returned unchanged so it
 * is not mistaken for an outage.
 */
export function toStorageError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StorageUnavailable) return error;
  const transient =
    error.name === 'ReplyError'
      ? TRANSIENT_REPLY.test(error.message)
      : error.name === 'MaxRetriesPerRequestError' || NO_CONNECTION.test(error.message);
  return transient ? new StorageUnavailable(undefined, { cause: error }) : error;
}

/** Awaits a Redis call, rethrowing its failure through `toStorageError`. */
export async function callRedis<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** `host:port/db` of a Redis URL, without credentials: safe for logs and readiness details. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const db = parsed.pathname.replace(/^\//, '') || '0';
    return `${parsed.hostname}:${parsed.port || '6379'}/${db}`;
  } catch {
    return '(unparsable Redis URL)';
  }
}
