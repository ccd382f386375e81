import type { GraphQLFormattedError } from 'graphql';

/**
 * Codes of the errors a client causes and can act on (the domain's refusals): their stack traces
 * tell a developer nothing the message does not, so they are left out even in development.
 */
export const EXPECTED_ERROR_CODES: ReadonlySet<string> = new Set(['NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT']);

/** The formatted error without `extensions.stacktrace` when its code is an expected one. */
export function withoutExpectedStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions || !('stacktrace' in extensions)) return formatted;
  if (typeof extensions.code !== 'string' || !EXPECTED_ERROR_CODES.has(extensions.code)) return formatted;
  const { stacktrace: _left, ...rest } = extensions;
  return { ...formatted, extensions: rest };
}
