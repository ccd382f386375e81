import type { BulkheadPolicy, CircuitBreakerPolicy, RetryPolicy } from 'cockatiel';
import type { SubgraphSettings } from '../config/upstream-config.js';
import type { BreakerState } from '../observability/gateway-metrics.js';
import { type AttemptSignal, type AttemptTimeout, attemptTimeout } from './policies/attempt-timeout.js';
import { subgraphBulkhead } from './policies/bulkhead.js';
import { breakerStateName, subgraphCircuitBreaker } from './policies/circuit-breaker.js';
import { callRetry } from './policies/retry.js';
import { RetryBudget } from './retry-budget.js';
import type { CallSignal, SubgraphCallContext } from './subgraph-client.js';

/** One call as the policies see it. */
export interface PolicyCall {
  operationKind: SubgraphCallContext['operationKind'];
  /** Aborted when the request's deadline passes or its client goes away. */
  signal: CallSignal;
  deadline: number | undefined;
  /** Told about each retry before its backoff starts. */
  onRetry?: (event: { error: unknown; delayMs: number; attempt: number }) => void;
}

/** One attempt: `signal` aborts when the attempt times out or the call is cancelled; `attempt` counts from 0. */
export type Attempt<T> = (signal: AttemptSignal, attempt: number) => Promise<T>;

/**
 * The resilience policies of one subgraph, composed in this one place:
 * bulkhead -> circuit breaker -> retry -> timeout -> attempt. Bulkhead, breaker and retry budget
 * are shared by all calls to the subgraph; the retry policy is made per call, and only for a call
 * whose first attempt failed.
 */
export class SubgraphPolicy {
  /** Concurrency limit shared by every call. */
  readonly bulkhead: BulkheadPolicy;
  /** Breaker shared by every call. */
  readonly breaker: CircuitBreakerPolicy;
  /** Retry tokens shared by every call. */
  readonly budget: RetryBudget;
  private readonly timeout: AttemptTimeout;

  constructor(
    readonly subgraph: string,
    readonly settings: SubgraphSettings,
  ) {
    this.bulkhead = subgraphBulkhead(settings);
    this.breaker = subgraphCircuitBreaker(settings);
    this.budget = new RetryBudget(settings.retryBudgetRatio, settings.retryBudgetBurst);
    this.timeout = attemptTimeout(settings);
  }

  /** The breaker's state as the gateway reports it. */
  get breakerState(): BreakerState {
    return breakerStateName(this.breaker.state);
  }

  /** Runs `attempt` under the policies; rejects with the last attempt's error or a policy's own. */
  execute<T>(call: PolicyCall, attempt: Attempt<T>): Promise<T> {
    this.budget.recordCall();
    // Nested by hand rather than with cockatiel's wrap(): wrap hands each policy the signal the one
    // outside it passes on, and a breaker re-running a call that waited on its half-open test passes
    // none, so the retry and timeout below would stop following the request's deadline.
    const signal = cockatielSignal(call.signal);
    return this.bulkhead.execute(
      () => this.breaker.execute(() => this.attempts(call, attempt), signal),
      signal,
    );
  }

  /**
   * The first attempt runs bare: the retry policy is built only when it fails, and then replays
   * that failure as its own first attempt, so its filter, backoff and events see exactly the
   * sequence they would have seen had it wrapped the call from the start.
   */
  private async attempts<T>(call: PolicyCall, attempt: Attempt<T>): Promise<T> {
    const { signal } = call;
    try {
      return await this.timeout.run((attemptSignal) => attempt(attemptSignal, 0), signal);
    } catch (first) {
      return this.retryFor(call).execute(
        ({ attempt: attemptNo }) =>
          attemptNo === 0
            ? Promise.reject(first)
            : this.timeout.run((attemptSignal) => attempt(attemptSignal, attemptNo), signal),
        cockatielSignal(signal),
      );
    }
  }

  private retryFor(call: PolicyCall): RetryPolicy {
    const retry = callRetry({
      settings: this.settings,
      budget: this.budget,
      operationKind: call.operationKind,
      deadline: call.deadline,
    });
    const notify = call.onRetry;
    if (notify) {
      retry.onRetry((event) => {
        notify({
          error: 'error' in event ? event.error : undefined,
          delayMs: event.delay,
          attempt: event.attempt,
        });
      });
    }
    return retry;
  }
}

/**
 * A call's signal as cockatiel's policies take it: they read `aborted` and add and remove `abort`
 * listeners, which a `CallSignal` has (an AbortSignal, or the `LightSignal` a request's calls and
 * shared calls carry).
 */
function cockatielSignal(signal: CallSignal): AbortSignal {
  return signal as AbortSignal;
}
