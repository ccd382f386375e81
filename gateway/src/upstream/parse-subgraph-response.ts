import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphResponse } from './subgraph-client.js';

/** The outcome of parsing a body: a GraphQL response, or why it is not one. */
export type ParsedBody = { ok: true; response: SubgraphResponse } | { ok: false; reason: string };

/**
 * Parses a subgraph body, decoded as UTF-8 text, as a GraphQL response (spec section 7): a JSON
 * object with `data` (object or null) and/or `errors` (a non-empty list of objects with a string
 * `message`).
 */
export function parseSubgraphResponse(text: string): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `body is not JSON (${(error as Error).message})` };
  }
  if (!isObject(body)) return { ok: false, reason: 'body is not a JSON object' };
  if (!('data' in body) && !('errors' in body))
    return { ok: false, reason: 'body has neither data nor errors' };
  const { data, errors, extensions } = body;
  if (data !== undefined && data !== null && !isObject(data)) {
    return { ok: false, reason: '`data` is neither an object nor null' };
  }
  if (errors !== undefined && !isErrorList(errors)) {
    return { ok: false, reason: '`errors` is not a list of objects with a string message' };
  }
  if (extensions !== undefined && !isObject(extensions))
    return { ok: false, reason: '`extensions` is not an object' };
  const response: SubgraphResponse = {};
  if (data !== undefined) response.data = data as SubgraphResponse['data'];
  if (errors !== undefined) response.errors = errors;
  if (extensions !== undefined) response.extensions = extensions as Record<string, unknown>;
  return { ok: true, response };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorList(value: unknown): value is GraphQLFormattedError[] {
  return Array.isArray(value) && value.every((error) => isObject(error) && typeof error.message === 'string');
}
