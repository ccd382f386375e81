import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { withoutExpectedStacktrace } from '../../../platform/expected-errors.js';
import type { RequestScope } from '../../../platform/http/graphql-http-server.js';
import type { Logger } from '../../../platform/logger.js';
import { StorageUnavailable } from '../../../platform/storage-unavailable.js';
import { isDomainError } from '../../kernel/domain-error.js';
import {
  DEFAULT_SUBGRAPH_OPERATION_LIMITS,
  type SubgraphOperationLimits,
  subgraphOperationLimitsPlugin,
} from './operation-limits.js';

export interface SubgraphApolloOptions {
  schema: GraphQLSchema;
  log: Logger;
  production?: boolean;
  /** Depth and alias limits; DEFAULT_SUBGRAPH_OPERATION_LIMITS when absent. */
  limits?: SubgraphOperationLimits;
}

/**
 * Apollo Server for a subgraph, with introspection off in production. Domain errors become GraphQL errors with their code (and the input
 * field they are about), an unreachable store SERVICE_UNAVAILABLE; anything unexpected is logged
 * and answered as INTERNAL_SERVER_ERROR without detail. Expected errors (NOT_FOUND, CONFLICT,
 * BAD_USER_INPUT) carry no stack trace, even in development. Resolvers stop once the caller's
 * budget is spent; operations deeper or with more aliases than `limits` are refused before they
 * run. Termination signals are the process's business (platform/shutdown.ts), not Apollo Server's.
 */
export function createSubgraphApollo<TContext extends RequestScope>(
  options: SubgraphApolloOptions,
): ApolloServer<TContext> {
  const { log } = options;
  return new ApolloServer<TContext>({
    schema: options.schema,
    // The gateway composes from `_service { sdl }`, not from introspection: production needs none.
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    // Apollo Server would otherwise stop itself on SIGTERM and re-send the signal, killing the
    // process before it has drained.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      subgraphOperationLimitsPlugin<TContext>(options.limits ?? DEFAULT_SUBGRAPH_OPERATION_LIMITS),
      stopWhenBudgetSpent<TContext>(),
    ],
    logger: {
      debug: (message) => log.debug(message),
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
    formatError: (formatted, error) => formatSubgraphError(formatted, error, log),
  });
}

export function formatSubgraphError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: Logger,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isDomainError(original)) {
    const extensions: Record<string, unknown> = { code: original.code };
    if (original.field !== undefined) extensions.field = original.field;
    return {
      message: original.message,
      ...(formatted.path && { path: formatted.path }),
      ...(formatted.locations && { locations: formatted.locations }),
      extensions,
    };
  }
  // An outage is already logged where it is detected, not once per failed field.
  if (original instanceof StorageUnavailable) {
    return {
      message: original.message,
      ...(formatted.path && { path: formatted.path }),
      ...(formatted.locations && { locations: formatted.locations }),
      extensions: { code: original.code },
    };
  }
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR')
    return withoutExpectedStacktrace(formatted);
  log.error({ err: original, path: formatted.path }, 'unexpected resolver error');
  return {
    message: 'Internal server error.',
    ...(formatted.path && { path: formatted.path }),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function stopWhenBudgetSpent<TContext extends RequestScope>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ contextValue }) {
              if (contextValue.signal.aborted) {
                throw new GraphQLError('The request budget was spent before this field was resolved.', {
                  extensions: { code: 'DEADLINE_EXCEEDED' },
                });
              }
            },
          };
        },
      };
    },
  };
}
