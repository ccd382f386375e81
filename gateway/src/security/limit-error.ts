import type { GraphQLError } from 'graphql';
import type { ErrorCodeDefinition } from '../errors.js';

/**
 * A refusal for going over a limit: `extensions.limit` and `extensions.measured` carry the numbers.
 * A measurement too large to be exact (a fragment bomb's cost) is reported as the largest safe
 * integer, a fractional one (a cost with fractional weights) rounded up.
 */
export function limitError(
  definition: ErrorCodeDefinition,
  message: string,
  numbers: { limit: number; measured: number },
): GraphQLError {
  const measured =
    Number.isFinite(numbers.measured) && numbers.measured <= Number.MAX_SAFE_INTEGER
      ? Math.ceil(numbers.measured)
      : Number.MAX_SAFE_INTEGER;
  return definition.err(message, { extensions: { limit: numbers.limit, measured } });
}
