import type { ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';

/** A request the security layer turns away before Apollo Server sees it. */
export interface Refusal {
  /** HTTP status to answer with. */
  status: number;
  error: GraphQLError;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Readonly<Record<string, string>>;
}

/** Answers a refusal as a GraphQL response: `{"errors":[...]}` with the refusal's status and headers. */
export function writeRefusal(res: ServerResponse, refusal: Refusal): void {
  res.statusCode = refusal.status;
  for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [refusal.error.toJSON()] }));
}
