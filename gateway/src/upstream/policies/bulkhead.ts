import { type BulkheadPolicy, bulkhead } from 'cockatiel';
import type { SubgraphSettings } from '../../config/upstream-config.js';

/** Caps a subgraph's concurrent calls and its waiting queue; beyond both, calls are rejected at once. */
export function subgraphBulkhead(
  settings: Pick<SubgraphSettings, 'bulkheadMaxConcurrent' | 'bulkheadMaxQueue'>,
): BulkheadPolicy {
  return bulkhead(settings.bulkheadMaxConcurrent, settings.bulkheadMaxQueue);
}
