import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../request/request-context.js';
import type { RequestExecutor } from '../request/request-executor.js';

/** Apollo Server's gateway interface, as its constructor accepts it. */
export type ApolloGatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type LoadResult = Awaited<ReturnType<ApolloGatewayInterface['load']>>;
/** Apollo Server's gateway executor: runs one validated request. */
export type ApolloGatewayExecutor = NonNullable<LoadResult['executor']>;
/** The request Apollo Server hands the executor (parsed and validated document, hash, context). */
export type ApolloGatewayRequestContext = Parameters<ApolloGatewayExecutor>[0];
/** What the executor returns. */
export type ApolloGatewayResult = Awaited<ReturnType<ApolloGatewayExecutor>>;

/**
 * Wraps the request executor into Apollo Server's gateway interface: Apollo Server parses,
 * validates against `apiSchema` and runs its plugins; the request module plans and runs the
 * operation.
 */
export function gatewayInterface(options: {
  apiSchema: GraphQLSchema;
  supergraphSdl: string;
  execute: RequestExecutor;
  stop?: () => Promise<void>;
}): ApolloGatewayInterface {
  const executor: ApolloGatewayExecutor = (requestContext: ApolloGatewayRequestContext) =>
    options.execute({
      document: requestContext.document,
      operationName: requestContext.request.operationName ?? null,
      variables: requestContext.request.variables ?? {},
      queryHash: requestContext.queryHash,
      // The edge hands Apollo Server a RequestContext for every request (`inRequestContext`).
      context: requestContext.context as unknown as RequestContext,
    });
  let announce: ((schema: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => {
        announce = undefined;
      };
    },
    async load() {
      announce?.({ apiSchema: options.apiSchema, coreSupergraphSdl: options.supergraphSdl });
      return { executor };
    },
    async stop() {
      await options.stop?.();
    },
  };
}
