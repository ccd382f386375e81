/**
 * The store behind a port cannot be reached right now (disconnected, timed out, loading). Any
 * repository, reader or unit of work may reject with it; the GraphQL edge answers
 * SERVICE_UNAVAILABLE, and the same request may succeed once the store is back.
 */
export class StorageUnavailable extends Error {
  readonly code = 'SERVICE_UNAVAILABLE';

  constructor(message = 'Storage is unavailable; try again shortly.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailable';
  }
}
