import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { type RequestScope, startGraphQLHttpServer } from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { signingFetcher } from './signing.js';
import type { InvalidSubgraphOperation } from './subgraph-operation-check.js';

/** A gateway under comparison, reachable over HTTP. */
export interface RunningGatewayEndpoint {
  url: string;
  close(): Promise<void>;
  /** Subgraph operations it sent that the subgraphs' own schemas reject, when it checks them. */
  invalidOperations?(): readonly InvalidSubgraphOperation[];
}

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Starts `@apollo/gateway` (the oracle) in Apollo Server on 127.0.0.1 port 0 for a static
 * supergraph, whose `join__Graph` URLs it calls as they are written, signing every subgraph
 * request with `signingSecret` when given (through the tests' own signing fetch).
 */
export async function startApolloGateway(
  supergraphSdl: string,
  signingSecret?: string,
): Promise<RunningGatewayEndpoint> {
  const log = silentLogger();
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: quietLogger,
    ...(signingSecret && {
      buildService: ({ url }) => new RemoteGraphQLDataSource({ url, fetcher: signingFetcher(signingSecret) }),
    }),
  });
  const apollo = new ApolloServer<RequestScope>({
    gateway,
    includeStacktraceInErrorResponses: false,
    logger: quietLogger,
  });
  const server = await startGraphQLHttpServer({
    service: 'apollo-gateway',
    port: 0,
    host: '127.0.0.1',
    log,
    apollo,
    context: (scope) => scope,
  });
  return {
    url: `http://127.0.0.1:${server.port}/graphql`,
    close: async () => {
      await server.close();
    },
  };
}
