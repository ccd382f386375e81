import { type TimeoutPolicy, TimeoutStrategy, timeout } from 'cockatiel';
import type { SubgraphSettings } from '../upstream-config.js';

/**
 * Bounds one attempt by the subgraph's timeout. Cooperative: the attempt's signal is aborted and
 * the attempt itself rejects (the HTTP request is cancelled, not left running in the background),
 * so it can say whether its own timeout or the request deadline stopped it.
 */
export function attemptTimeout(settings: Pick<SubgraphSettings, 'timeoutMs'>): TimeoutPolicy {
  return timeout(settings.timeoutMs, TimeoutStrategy.Cooperative);
}
