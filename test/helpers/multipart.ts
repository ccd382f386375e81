import type { GraphQLFormattedError } from 'graphql';

/** What `Accept` Apollo Client sends for an operation with `@defer`. */
export const DEFER_ACCEPT = 'multipart/mixed;deferSpec=20220824,application/json';

/** One payload of an incremental response. */
export interface IncrementalPayload {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  incremental?: {
    data: Record<string, unknown> | null;
    path: (string | number)[];
    label?: string;
    errors?: GraphQLFormattedError[];
  }[];
  hasNext?: boolean;
  extensions?: Record<string, unknown>;
}

/**
 * The JSON parts of a `multipart/mixed; boundary="-"` body as Apollo Client reads it: the body
 * starts with the boundary, every part is followed by `\r\n---`, and the stream ends with `--`.
 * Throws on anything else, so a malformed stream fails the test that reads it.
 */
export function parseMultipart(body: string): IncrementalPayload[] {
  if (!body.startsWith('\r\n---'))
    throw new Error(`A multipart body must start with the boundary: ${body.slice(0, 40)}`);
  if (!body.endsWith('\r\n-----\r\n'))
    throw new Error(`A multipart body must end with the closing boundary: ${body.slice(-40)}`);
  const sections = body.slice('\r\n---'.length, -'\r\n-----\r\n'.length).split('\r\n---');
  return sections.map((section) => {
    const text = section.startsWith('\r\n') ? section.slice(2) : section;
    const split = text.indexOf('\r\n\r\n');
    if (split < 0) throw new Error(`A part without headers: ${text.slice(0, 80)}`);
    const headers = text.slice(0, split).toLowerCase();
    if (!headers.includes('content-type: application/json'))
      throw new Error(`A part that is not JSON: ${headers}`);
    return JSON.parse(text.slice(split + 4)) as IncrementalPayload;
  });
}

/**
 * Merges an incremental response as a client does: each `incremental` entry's data deep-merged
 * into the object at its path; errors of every payload collected in order.
 */
export function mergeIncremental(payloads: readonly IncrementalPayload[]): {
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLFormattedError[];
} {
  const [first, ...rest] = payloads;
  const data = structuredClone(first?.data);
  const errors = [...(first?.errors ?? [])];
  for (const payload of rest) {
    for (const entry of payload.incremental ?? []) {
      errors.push(...(entry.errors ?? []));
      if (!entry.data || !data) continue;
      let target: unknown = data;
      for (const segment of entry.path) target = (target as Record<string | number, unknown>)[segment];
      if (typeof target !== 'object' || target === null)
        throw new Error(`No object at ${entry.path.join('.')}`);
      deepMerge(target as Record<string, unknown>, entry.data);
    }
    errors.push(...(payload.errors ?? []));
  }
  return { data, errors };
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isObject(existing[index]) && isObject(item)) deepMerge(existing[index], item);
        else existing[index] = item;
      });
    } else if (isObject(existing) && isObject(value)) deepMerge(existing, value);
    else into[key] = value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
