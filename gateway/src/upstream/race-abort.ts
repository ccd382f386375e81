import type { CallSignal } from './subgraph-client.js';

/**
 * Settles with `work`, or rejects with `onAbort()` as soon as `signal` aborts, whichever comes
 * first. `work` keeps running to its end (its rejection is observed, never left unhandled); use
 * it where the work cannot be cancelled at once, like a call queued in a bulkhead.
 */
export function raceAbort<T>(work: Promise<T>, signal: CallSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
