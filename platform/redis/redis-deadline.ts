/**
 * Rejects when Redis has not answered `work` within `timeoutMs`, so callers that fail open (a
 * cache miss, an allowed request) are not held up by a Redis that is slow rather than down.
 * The command itself is not cancelled: ioredis has no per-command abort.
 */
export function withRedisDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
