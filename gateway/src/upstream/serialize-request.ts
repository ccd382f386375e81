import type { SubgraphRequest } from './subgraph-client.js';

/** The request's JSON body: `query`, `variables`, `operationName` (never `serialized`). */
export function serializeRequest(request: SubgraphRequest): string {
  return JSON.stringify({
    query: request.query,
    ...(request.variables && { variables: request.variables }),
    ...(request.operationName && { operationName: request.operationName }),
  });
}
