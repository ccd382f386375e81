import type { GraphQLFormattedError } from 'graphql';
import type { GraphQLHttpResponse } from './graphql-over-http.js';

type PathSegment = string | number;

/**
 * What an error in a response must look like. `path` is compared segment by segment (`'@'` stands
 * for any list index); `code`, `serviceName` and `message` only when given, except that a pattern
 * with no `code` also accepts only errors without one when `strictCode` is set.
 */
export interface ErrorPattern {
  path?: readonly PathSegment[];
  code?: string;
  serviceName?: string;
  message?: string;
  strictCode?: boolean;
  /** The pattern names a response subtree: any error at or below `path` matches it, and several may. */
  subtree?: boolean;
}

/** The answer the GraphQL spec requires, stated in a test where the oracle is known to differ. */
export interface SpecAnswer {
  /** The spec section that decides, e.g. `6.3.2 CollectFields`. */
  section: string;
  /** The response's `data`; omitted for a request error, whose response has no `data` entry. */
  data?: Record<string, unknown> | null;
  /** Every error the response must hold (no more); none when omitted. */
  errors?: readonly ErrorPattern[];
  /** The HTTP status, when the answer depends on it. */
  status?: number;
}

const MAX_REPORTED = 25;

/**
 * Compares a candidate response with the oracle's: HTTP status, `data` deep-equal with object keys
 * in the same order (response keys follow the query's field order, spec 6.3.2), and errors as a
 * multiset by path, code, serviceName and, where both relay the same text, message.
 * Returns one line per difference; empty means the responses agree.
 */
export function diffAgainstOracle(oracle: GraphQLHttpResponse, candidate: GraphQLHttpResponse): string[] {
  const differences: string[] = [];
  if (oracle.status !== candidate.status)
    differences.push(`HTTP status: expected ${oracle.status}, got ${candidate.status}`);
  diffDataField(oracle.body, candidate.body, differences);
  const isRequestError = !('data' in oracle.body);
  const patterns = (oracle.body.errors ?? []).map((error) => patternFromOracle(error, isRequestError));
  diffErrors(patterns, candidate.body.errors ?? [], differences);
  return differences.slice(0, MAX_REPORTED);
}

/**
 * An answer a test states outright, where no oracle gives it: no monolithic schema can express it
 * (a progressive override's draw, an entity no subgraph resolves), so `why` says what decides it.
 */
export interface StatedAnswer extends Omit<SpecAnswer, 'section'> {
  why: string;
}

/** Compares a candidate response with the answer the spec requires (or a test states). */
export function diffAgainstSpec(spec: Omit<SpecAnswer, 'section'>, candidate: GraphQLHttpResponse): string[] {
  const differences: string[] = [];
  if (spec.status !== undefined && spec.status !== candidate.status)
    differences.push(`HTTP status: expected ${spec.status}, got ${candidate.status}`);
  diffDataField('data' in spec ? { data: spec.data } : {}, candidate.body, differences);
  diffErrors(spec.errors ?? [], candidate.body.errors ?? [], differences);
  return differences.slice(0, MAX_REPORTED);
}

/**
 * Compares a candidate response with the ground truth, a monolithic schema's answer over the same
 * data: `data` deep-equal with keys in the same order, and the errors' paths as a multiset (codes
 * and messages are the gateway's and the subgraphs' own business).
 */
export function diffAgainstGroundTruth(truth: GraphQLHttpResponse, candidate: GraphQLHttpResponse): string[] {
  const differences: string[] = [];
  if (candidate.status !== truth.status)
    differences.push(`HTTP status: expected ${truth.status}, got ${candidate.status}`);
  diffDataField(truth.body, candidate.body, differences);
  const patterns = (truth.body.errors ?? []).map((error): ErrorPattern => ({ path: error.path }));
  diffErrors(patterns, candidate.body.errors ?? [], differences);
  return differences.slice(0, MAX_REPORTED);
}

/**
 * @apollo/gateway sometimes reports an entity fetch failure at a path like `["users", "@", "_entities"]`:
 * neither concrete (spec 7.1.2: path segments are field names and list indices) nor a client path.
 * Such an error stands for "errors somewhere under users[*]"; any concrete error there satisfies it.
 */
function patternFromOracle(error: GraphQLFormattedError, isRequestError: boolean): ErrorPattern {
  const extensions = error.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  // Relayed subgraph errors and request (parse/validation) errors carry the same text in any
  // gateway; the text of errors a gateway makes up itself is its own business.
  const message = serviceName !== undefined || isRequestError ? error.message : undefined;
  const pattern: ErrorPattern = { code, serviceName, message, strictCode: true };
  if (!error.path) return pattern;
  const internal = error.path.indexOf('_entities');
  if (internal >= 0 || error.path.includes('@'))
    return { ...pattern, path: internal >= 0 ? error.path.slice(0, internal) : error.path, subtree: true };
  return { ...pattern, path: error.path };
}

function diffDataField(
  expected: GraphQLHttpResponse['body'],
  actual: GraphQLHttpResponse['body'],
  differences: string[],
): void {
  const expectedHas = 'data' in expected;
  const actualHas = 'data' in actual;
  if (expectedHas !== actualHas) {
    differences.push(
      expectedHas
        ? 'data: expected the response to have `data`, it has none'
        : 'data: expected no `data` entry',
    );
    return;
  }
  diffValue(expected.data, actual.data, 'data', differences);
}

function diffValue(expected: unknown, actual: unknown, at: string, differences: string[]): void {
  if (differences.length >= MAX_REPORTED) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      differences.push(`${at}: expected a list of ${expected.length}, got ${actual.length}`);
      return;
    }
    for (const [index, item] of expected.entries())
      diffValue(item, actual[index], `${at}[${index}]`, differences);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    const missing = expectedKeys.filter((key) => !(key in actual));
    const extra = actualKeys.filter((key) => !(key in expected));
    if (missing.length > 0) differences.push(`${at}: missing ${missing.join(', ')}`);
    if (extra.length > 0) differences.push(`${at}: unexpected ${extra.join(', ')}`);
    if (missing.length === 0 && extra.length === 0 && expectedKeys.join() !== actualKeys.join())
      differences.push(`${at}: keys in order ${actualKeys.join(', ')}; expected ${expectedKeys.join(', ')}`);
    for (const key of expectedKeys) {
      if (key in actual) diffValue(expected[key], actual[key], `${at}.${key}`, differences);
    }
    return;
  }
  if (!Object.is(expected, actual))
    differences.push(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function diffErrors(
  patterns: readonly ErrorPattern[],
  errors: readonly GraphQLFormattedError[],
  differences: string[],
): void {
  let unmatched = [...errors];
  // Exact patterns claim one error each before subtree patterns claim every error left below them.
  const ordered = [...patterns].sort((a, b) => Number(a.subtree ?? false) - Number(b.subtree ?? false));
  for (const pattern of ordered) {
    if (pattern.subtree) {
      const rest = unmatched.filter((error) => !matches(pattern, error));
      if (rest.length === unmatched.length) differences.push(`errors: missing ${describePattern(pattern)}`);
      unmatched = rest;
      continue;
    }
    const index = unmatched.findIndex((error) => matches(pattern, error));
    if (index < 0) differences.push(`errors: missing ${describePattern(pattern)}`);
    else unmatched.splice(index, 1);
  }
  for (const error of unmatched) differences.push(`errors: unexpected ${describeError(error)}`);
}

function matches(pattern: ErrorPattern, error: GraphQLFormattedError): boolean {
  const extensions = error.extensions ?? {};
  if (pattern.code !== undefined || pattern.strictCode) {
    if (extensions.code !== pattern.code) return false;
  }
  if (pattern.serviceName !== undefined && extensions.serviceName !== pattern.serviceName) return false;
  if (pattern.message !== undefined && error.message !== pattern.message) return false;
  return pathMatches(pattern, error.path);
}

function pathMatches(pattern: ErrorPattern, path: readonly PathSegment[] | undefined): boolean {
  if (pattern.path === undefined) return path === undefined;
  if (path === undefined) return false;
  if (pattern.subtree ? path.length < pattern.path.length : path.length !== pattern.path.length) return false;
  return pattern.path.every((segment, index) =>
    segment === '@' ? typeof path[index] === 'number' : segment === path[index],
  );
}

function describePattern(pattern: ErrorPattern): string {
  const where = pattern.path
    ? `at ${JSON.stringify(pattern.path)}${pattern.subtree ? ' (or below)' : ''}`
    : 'with no path';
  const parts = [where, `code ${pattern.code ?? '(none)'}`];
  if (pattern.serviceName) parts.push(`serviceName ${pattern.serviceName}`);
  if (pattern.message !== undefined) parts.push(`message ${JSON.stringify(pattern.message)}`);
  return parts.join(', ');
}

function describeError(error: GraphQLFormattedError): string {
  const extensions = error.extensions ?? {};
  return describePattern({
    path: error.path,
    code: typeof extensions.code === 'string' ? extensions.code : undefined,
    serviceName: typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined,
    message: error.message,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
