import { randomUUID } from 'node:crypto';
import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContext,
  GraphQLRequestListener,
} from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { withoutExpectedStacktrace } from '../../../platform/expected-errors.js';
import type { Logger } from '../../../platform/logger.js';
import { INTERNAL_SERVER_ERROR } from '../errors.js';

/** An Apollo Server `formatError` and the plugin that feeds it the request's correlation id. */
export interface ErrorMasking<TContext extends BaseContext> {
  plugin: ApolloServerPlugin<TContext>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * Logs every unexpected error (a bug, not a client mistake: one that is not, or does not wrap, a
 * GraphQLError, or one coded INTERNAL_SERVER_ERROR) with its stack and a correlation id, and, when
 * `mask` is on, answers it as `Internal server error (id: <id>)` with only its path and
 * `serviceName` besides, so no internal message reaches the client but the log line can be found. The id is the request's `x-request-id` (from the context's
 * `requestId`, else the request header) when the error passed through `didEncounterErrors`, else a
 * fresh UUID. Errors that carry a code on purpose pass through unchanged, less the stack trace
 * of an expected one (NOT_FOUND, CONFLICT, BAD_USER_INPUT), which no one needs even in development.
 */
export function errorMasking<TContext extends BaseContext>(options: {
  log: Logger;
  mask: boolean;
}): ErrorMasking<TContext> {
  const requestIds = new WeakMap<object, string>();
  // The listener keeps nothing of its own between hooks: one serves every request.
  const listener: GraphQLRequestListener<TContext> = {
    async didEncounterErrors(requestContext) {
      const requestId = requestIdOf(requestContext);
      if (requestId === undefined) return;
      for (const error of requestContext.errors) requestIds.set(error, requestId);
    },
  };
  return {
    plugin: {
      async requestDidStart() {
        return listener;
      },
    },
    formatError(formatted, error) {
      const cause = unexpectedCause(error);
      if (cause === undefined) return withoutExpectedStacktrace(formatted);
      const id =
        (typeof error === 'object' && error !== null ? requestIds.get(error) : undefined) ?? randomUUID();
      options.log.error(
        { err: cause, requestId: id, path: formatted.path },
        'unexpected error while serving a request',
      );
      if (!options.mask) return formatted;
      const serviceName = formatted.extensions?.serviceName;
      return {
        message: `Internal server error (id: ${id})`,
        ...(formatted.locations && { locations: formatted.locations }),
        ...(formatted.path && { path: formatted.path }),
        extensions: {
          code: INTERNAL_SERVER_ERROR.code,
          requestId: id,
          // Which subgraph call failed is no secret, and tells the client what is missing.
          ...(typeof serviceName === 'string' && { serviceName }),
        },
      };
    },
  };
}

/**
 * What makes an error unexpected: the non-GraphQL error at the bottom of its `originalError` chain,
 * or a GraphQLError coded INTERNAL_SERVER_ERROR (a failure nobody explained, in the gateway or a
 * subgraph, whose message may describe internals). Undefined for an error coded on purpose.
 */
function unexpectedCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  if (!(current instanceof GraphQLError)) return current;
  return current.extensions.code === INTERNAL_SERVER_ERROR.code ? current : undefined;
}

function requestIdOf<TContext extends BaseContext>(
  requestContext: GraphQLRequestContext<TContext>,
): string | undefined {
  const fromContext = (requestContext.contextValue as { requestId?: unknown }).requestId;
  if (typeof fromContext === 'string') return fromContext;
  return requestContext.request.http?.headers.get('x-request-id');
}
