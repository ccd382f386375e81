import type { GraphQLFormattedError } from 'graphql';

/** A GraphQL request as a client sends it. */
export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The parts of a GraphQL-over-HTTP response the differential suite compares. */
export interface GraphQLHttpResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: readonly GraphQLFormattedError[];
    extensions?: Record<string, unknown>;
  };
}

/**
 * POSTs a GraphQL request as JSON, with any extra `headers`, and parses the JSON answer; gives up
 * after `timeoutMs`.
 */
export async function postGraphQL(
  url: string,
  request: GraphQLRequest,
  timeoutMs = 10_000,
  headers: Readonly<Record<string, string>> = {},
): Promise<GraphQLHttpResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as GraphQLHttpResponse['body'] };
  } catch {
    throw new Error(
      `${url} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}
