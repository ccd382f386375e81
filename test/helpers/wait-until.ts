/** Options of `waitUntil`. */
export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between probes (default 25 ms). */
  intervalMs?: number;
  /** What is awaited, for the failure message. */
  what?: string;
}

/**
 * Probes until `accept` takes the answer, and resolves to that answer; after `timeoutMs` it fails
 * with the last answer seen. For state that settles in the background (a relay, a consumer, a
 * reconnect): the bound keeps a broken test from hanging, and nothing asserts how long it took.
 */
export async function waitUntil<T>(
  probe: () => Promise<T> | T,
  accept: (answer: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await probe();
      failure = undefined;
      if (accept(last)) return last;
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) {
      const seen = failure === undefined ? JSON.stringify(last) : String(failure);
      throw new Error(`Gave up waiting for ${options.what ?? 'the condition'}; last saw ${seen}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
