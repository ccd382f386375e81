import { buildSubgraphHeaders, type ClientHeaders, type HeaderRules } from '../security/header-rules.js';
import type { SubgraphClient } from '../upstream/subgraph-client.js';

/**
 * The subgraph client of one client request: each call carries the client headers `rules` allow
 * for its subgraph (built once per subgraph). The gateway's own headers (`x-request-id`,
 * `traceparent`, the budget) are set by the upstream client after these, so they always win.
 */
export function forwardClientHeaders(
  client: SubgraphClient,
  rules: HeaderRules,
  clientHeaders: ClientHeaders,
): SubgraphClient {
  const perSubgraph = new Map<string, Record<string, string>>();
  const headersFor = (subgraph: string) => {
    let headers = perSubgraph.get(subgraph);
    if (!headers) {
      headers = buildSubgraphHeaders(rules, subgraph, clientHeaders, {});
      perSubgraph.set(subgraph, headers);
    }
    return headers;
  };
  return {
    call: (subgraph, request, context) =>
      client.call(subgraph, request, {
        ...context,
        headers: { ...context.headers, ...headersFor(subgraph) },
      }),
  };
}
