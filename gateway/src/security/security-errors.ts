import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import type { ErrorCodeDefinition } from '../errors.js';

function securityErrorCode(code: string, description: string): ErrorCodeDefinition {
  return {
    code,
    description,
    err: (message, options?: GraphQLErrorOptions) =>
      new GraphQLError(message, { ...options, extensions: { ...options?.extensions, code } }),
  };
}

// Operation limits: `extensions.limit` and `extensions.measured` say how far over the request was.
export const OPERATION_TOO_LARGE = securityErrorCode(
  'OPERATION_TOO_LARGE',
  'The operation text is longer (in bytes or lexical tokens) than the gateway accepts.',
);
export const OPERATION_TOO_DEEP = securityErrorCode(
  'OPERATION_TOO_DEEP',
  'The operation nests fields (or brackets) deeper than the gateway accepts.',
);
export const OPERATION_TOO_MANY_ALIASES = securityErrorCode(
  'OPERATION_TOO_MANY_ALIASES',
  'The operation uses more aliases than the gateway accepts, fragments expanded.',
);
export const OPERATION_TOO_MANY_ROOT_FIELDS = securityErrorCode(
  'OPERATION_TOO_MANY_ROOT_FIELDS',
  'The operation selects more root fields than the gateway accepts.',
);
export const OPERATION_TOO_MANY_FIELDS = securityErrorCode(
  'OPERATION_TOO_MANY_FIELDS',
  'The operation selects more fields than the gateway accepts, fragments expanded.',
);
export const OPERATION_TOO_COSTLY = securityErrorCode(
  'OPERATION_TOO_COSTLY',
  'The estimated number of fields the response would hold (lists weighted by their size) is over the limit.',
);
export const VARIABLES_TOO_DEEP = securityErrorCode(
  'VARIABLES_TOO_DEEP',
  'A variable value nests objects or lists deeper than the gateway accepts.',
);
export const VARIABLES_STRING_TOO_LONG = securityErrorCode(
  'VARIABLES_STRING_TOO_LONG',
  'A string in the variables is longer than the gateway accepts.',
);
export const BATCH_TOO_LARGE = securityErrorCode(
  'BATCH_TOO_LARGE',
  'The request body is an array of more operations than the gateway accepts (0: batching is off).',
);
export const UNSUPPORTED_MEDIA_TYPE = securityErrorCode(
  'UNSUPPORTED_MEDIA_TYPE',
  'A POST body was sent with a Content-Type other than application/json.',
);

// Trusted documents: Apollo Router's names, so clients that move between gateways keep matching.
export const QUERY_NOT_IN_SAFELIST = securityErrorCode(
  'QUERY_NOT_IN_SAFELIST',
  'Only trusted documents are served, and this operation text is not one of them.',
);

export const RATE_LIMITED = securityErrorCode(
  'RATE_LIMITED',
  'The client sent more requests than its rate limit allows; `Retry-After` says when to try again.',
);

/**
 * A refusal for going over a limit: `extensions.limit` and `extensions.measured` carry the numbers.
 * A measurement too large to be exact (a fragment bomb's cost) is reported as the largest safe integer.
 */
export function limitError(
  definition: ErrorCodeDefinition,
  message: string,
  numbers: { limit: number; measured: number },
): GraphQLError {
  const measured = Number.isSafeInteger(numbers.measured) ? numbers.measured : Number.MAX_SAFE_INTEGER;
  return definition.err(message, { extensions: { limit: numbers.limit, measured } });
}

/** Every code the security layer can put in `extensions.code`, with its description. */
export function securityErrorCatalogue(): ErrorCodeDefinition[] {
  return [
    OPERATION_TOO_LARGE,
    OPERATION_TOO_DEEP,
    OPERATION_TOO_MANY_ALIASES,
    OPERATION_TOO_MANY_ROOT_FIELDS,
    OPERATION_TOO_MANY_FIELDS,
    OPERATION_TOO_COSTLY,
    VARIABLES_TOO_DEEP,
    VARIABLES_STRING_TOO_LONG,
    BATCH_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    QUERY_NOT_IN_SAFELIST,
    RATE_LIMITED,
  ];
}
