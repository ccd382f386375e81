import { type TimeoutPolicy, TimeoutStrategy, timeout } from 'cockatiel';
import type { SubgraphSettings } from '../../config/upstream-config.js';
import { LightSignal } from '../light-signal.js';
import type { CallSignal } from '../subgraph-client.js';

/** How close together attempts must start to share one timer. */
export const TIMEOUT_BUCKET_MS = 10;

/** The cancellation signal of one attempt: aborted when its timeout passes or its call is cancelled. */
export type AttemptSignal = LightSignal;

/** Why an attempt was aborted when its subgraph's timeout passed. */
export class AttemptTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The attempt outlived its ${timeoutMs} ms timeout.`);
    this.name = 'AttemptTimedOut';
  }
}

/**
 * Bounds every attempt at a subgraph by its timeout, with cockatiel's TimeoutPolicy doing the
 * timing. A TimeoutPolicy execution costs an AbortController and a timer; attempts that start
 * within the same `TIMEOUT_BUCKET_MS` share one execution, which lasts until the last of them
 * settles or the timeout fires, whichever comes first. The shared timeout is the subgraph's plus
 * the bucket's width, so an attempt is aborted between `timeoutMs` and `timeoutMs +
 * TIMEOUT_BUCKET_MS` after it started: never early. The attempt's signal also aborts when the
 * call's signal does. Under load many attempts share a timer; alone, each gets its own.
 */
export class AttemptTimeout {
  private readonly policy: TimeoutPolicy;
  private bucket: TimeoutBucket | undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly bucketMs = TIMEOUT_BUCKET_MS,
  ) {
    this.policy = timeout(timeoutMs + bucketMs, {
      strategy: TimeoutStrategy.Cooperative,
      abortOnReturn: false,
    });
  }

  /** Runs `attempt` with a signal that aborts when the timeout passes or `callSignal` aborts. */
  run<T>(attempt: (signal: AttemptSignal) => Promise<T>, callSignal: CallSignal | undefined): Promise<T> {
    const signal = new LightSignal();
    const onCallAbort = callSignal && signal.follow(callSignal);
    const bucket = this.bucketFor(Date.now());
    bucket.add(signal);
    let running: Promise<T>;
    try {
      running = attempt(signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.finally(() => {
      bucket.remove(signal);
      if (onCallAbort) callSignal?.removeEventListener('abort', onCallAbort);
    });
  }

  private bucketFor(now: number): TimeoutBucket {
    if (this.bucket?.accepts(now)) return this.bucket;
    this.bucket = new TimeoutBucket(this.policy, now + this.bucketMs, this.timeoutMs);
    return this.bucket;
  }
}

/** The attempts sharing one timeout execution. */
class TimeoutBucket {
  private readonly running = new Set<AttemptSignal>();
  private finished = false;
  private release: () => void = () => {};

  constructor(
    policy: TimeoutPolicy,
    private readonly closesAt: number,
    private readonly timeoutMs: number,
  ) {
    const released = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    void policy.execute(({ signal }) => {
      signal.addEventListener('abort', () => this.expire(), { once: true });
      return released;
    });
  }

  /** True while attempts starting at `now` may still join. */
  accepts(now: number): boolean {
    return !this.finished && now < this.closesAt;
  }

  add(signal: AttemptSignal): void {
    this.running.add(signal);
  }

  /** An attempt settled; the last one ends the shared execution (and clears its timer). */
  remove(signal: AttemptSignal): void {
    this.running.delete(signal);
    if (this.running.size === 0) this.finish();
  }

  private expire(): void {
    const expired = [...this.running];
    this.running.clear();
    this.finish();
    for (const signal of expired) signal.abort(new AttemptTimedOut(this.timeoutMs));
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
  }
}

/** The attempt timeout of a subgraph. */
export function attemptTimeout(settings: Pick<SubgraphSettings, 'timeoutMs'>): AttemptTimeout {
  return new AttemptTimeout(settings.timeoutMs);
}
