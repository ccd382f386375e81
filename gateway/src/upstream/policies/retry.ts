import { handleWhen, type IBackoff, type IRetryBackoffContext, type RetryPolicy, retry } from 'cockatiel';
import type { SubgraphSettings } from '../../config/upstream-config.js';
import { isRetryable } from '../failure-kinds.js';
import type { RetryBudget } from '../retry-budget.js';
import type { SubgraphCallContext } from '../subgraph-client.js';
import { UpstreamError } from '../subgraph-client.js';

type RetrySettings = Pick<SubgraphSettings, 'retryMaxAttempts' | 'retryBaseDelayMs' | 'retryMaxDelayMs'>;

/** What one call's retry policy needs to know. */
export interface CallRetryOptions {
  settings: RetrySettings;
  /** The subgraph's shared budget; each retry spends a token. */
  budget: RetryBudget;
  operationKind: SubgraphCallContext['operationKind'];
  /** The request deadline (epoch ms): no retry is scheduled to start at or after it. */
  deadline: number | undefined;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  now?: () => number;
}

/**
 * The retry policy of one call. Built per call because the decision depends on the call: only
 * queries are retried, only retryable failures, only while the budget has tokens, and only when
 * the backoff (full jitter, or the subgraph's `Retry-After`) ends before the deadline.
 */
export function callRetry(options: CallRetryOptions): RetryPolicy {
  const decision = new RetryDecision(options);
  const backoffAfter = (): IBackoff<IRetryBackoffContext<unknown>> => ({
    duration: decision.delayMs,
    next: backoffAfter,
  });
  return retry(
    handleWhen((error) => decision.shouldRetry(error)),
    { maxAttempts: options.settings.retryMaxAttempts, backoff: { next: backoffAfter } },
  );
}

/**
 * Decides, failure by failure, whether to retry and after how long. cockatiel asks the error
 * filter before it asks the backoff, so the filter settles both and the backoff reads the delay.
 */
class RetryDecision {
  private failures = 0;
  delayMs = 0;

  constructor(private readonly options: CallRetryOptions) {}

  shouldRetry(error: Error): boolean {
    this.failures += 1;
    const { settings, operationKind, deadline } = this.options;
    if (operationKind !== 'query' || this.failures > settings.retryMaxAttempts || !isRetryable(error))
      return false;
    const delay = this.delayFor(error as UpstreamError);
    if (delay === undefined) return false;
    const now = (this.options.now ?? Date.now)();
    if (deadline !== undefined && now + delay >= deadline) return false;
    if (!this.options.budget.tryWithdraw()) return false;
    this.delayMs = delay;
    return true;
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(n-1))); a Retry-After longer than max means give up. */
  private delayFor(error: UpstreamError): number | undefined {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options.settings;
    const asked = error instanceof UpstreamError ? error.details.retryAfterMs : undefined;
    if (asked !== undefined) return asked <= retryMaxDelayMs ? asked : undefined;
    const ceiling = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (this.failures - 1));
    return Math.floor((this.options.random ?? Math.random)() * ceiling);
  }
}
