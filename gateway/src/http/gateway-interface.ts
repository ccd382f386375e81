import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';

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
 * Wraps an executor into Apollo Server's gateway interface: Apollo Server parses, validates
 * against `apiSchema` and runs its plugins; our executor plans and runs the operation.
 */
export function gatewayInterface(options: {
  apiSchema: GraphQLSchema;
  supergraphSdl: string;
  executor: ApolloGatewayExecutor;
  stop?: () => Promise<void>;
}): ApolloGatewayInterface {
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
      return { executor: options.executor };
    },
    async stop() {
      await options.stop?.();
    },
  };
}
