import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayMetrics, RequestOutcome } from './gateway-metrics.js';

/**
 * An Apollo Server plugin recording each client request: its duration by operation name and
 * outcome, and every error in the response by `extensions.code` (and `serviceName`, when a
 * subgraph caused it). Parse and validation failures are counted too.
 */
export function requestMetricsPlugin<TContext extends BaseContext>(
  metrics: GatewayMetrics,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, request }) {
          const result =
            response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const errors: readonly GraphQLFormattedError[] = result.errors ?? [];
          for (const error of errors) {
            const code =
              typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
            const service = error.extensions?.serviceName;
            metrics.countError(code, typeof service === 'string' ? service : undefined);
          }
          metrics.observeRequest(
            operationName ?? request.operationName,
            outcomeOf(result.data, errors.length),
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}

function outcomeOf(data: unknown, errorCount: number): RequestOutcome {
  if (errorCount === 0) return 'success';
  return data !== undefined && data !== null ? 'partial' : 'error';
}
