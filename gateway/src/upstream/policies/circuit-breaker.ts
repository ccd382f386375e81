import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type IBreaker,
  SamplingBreaker,
} from 'cockatiel';
import type { SubgraphSettings } from '../../config/upstream-config.js';
import type { BreakerState } from '../../observability/gateway-metrics.js';
import { isBreakerFailure, isDeadlineExceeded } from '../failure-kinds.js';

type BreakerSettings = Pick<
  SubgraphSettings,
  | 'breakerConsecutiveFailures'
  | 'breakerFailureRate'
  | 'breakerMinimumCalls'
  | 'breakerWindowMs'
  | 'breakerHalfOpenAfterMs'
>;

/**
 * A subgraph's circuit breaker: opens after N consecutive failures or a failure rate over a
 * window (whichever trips first), lets one test call through after the cool-down (half-open),
 * and closes when that call succeeds. Only breaker failures (see failure-kinds.ts) count.
 */
export function subgraphCircuitBreaker(settings: BreakerSettings): CircuitBreakerPolicy {
  const policy: CircuitBreakerPolicy = circuitBreaker(
    // A spent client deadline says nothing about the subgraph, except during the one test call of
    // a half-open breaker: cockatiel closes the breaker on any error it does not handle.
    handleWhen(
      (error) =>
        isBreakerFailure(error) || (isDeadlineExceeded(error) && policy.state === CircuitState.HalfOpen),
    ),
    { halfOpenAfter: settings.breakerHalfOpenAfterMs, breaker: tripWires(settings) },
  );
  return policy;
}

/** The breaker state under the names the gateway reports. */
export function breakerStateName(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      return 'open';
  }
}

function tripWires(settings: BreakerSettings): IBreaker {
  const wires: IBreaker[] = [];
  if (settings.breakerConsecutiveFailures > 0)
    wires.push(new ConsecutiveBreaker(settings.breakerConsecutiveFailures));
  if (settings.breakerFailureRate > 0) {
    wires.push(
      new SamplingBreaker({
        threshold: settings.breakerFailureRate,
        duration: settings.breakerWindowMs,
        minimumRps: settings.breakerMinimumCalls / (settings.breakerWindowMs / 1000),
      }),
    );
  }
  return new AnyOfBreaker(wires);
}

/** Opens when any of its breakers would; every breaker sees every outcome so each keeps its own count. */
class AnyOfBreaker implements IBreaker {
  constructor(private readonly wires: IBreaker[]) {}

  get state(): unknown {
    return this.wires.map((wire) => wire.state);
  }

  set state(value: unknown) {
    if (!Array.isArray(value)) return;
    for (const [i, wire] of this.wires.entries()) wire.state = value[i];
  }

  success(state: CircuitState): void {
    for (const wire of this.wires) wire.success(state);
  }

  failure(state: CircuitState): boolean {
    let open = false;
    for (const wire of this.wires) open = wire.failure(state) || open;
    return open;
  }
}
