import { type TimeoutPolicy, TimeoutStrategy, timeout } from 'cockatiel';
import type { SubgraphSettings } from '../../config/upstream-config.js';

/**
 * Bounds one attempt by the subgraph's timeout. Cooperative: the attempt's signal is aborted and
 * the attempt itself rejects (the HTTP request is cancelled, not left running in the background),
 * so it can say whether its own timeout or the request deadline stopped it.
 * `abortOnReturn: false`: a finished attempt has nothing left to cancel, and aborting its signal
 * anyway costs a DOMException per successful call on the hot path.
 */
export function attemptTimeout(settings: Pick<SubgraphSettings, 'timeoutMs'>): TimeoutPolicy {
  return timeout(settings.timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
}
