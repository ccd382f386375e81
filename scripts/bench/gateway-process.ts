/**
 * Benchmark child: one gateway, ours (`startGateway`) or `@apollo/gateway` in Apollo Server on
 * the same kind of node:http server, serving the supergraph it is sent with `start`, silent, on
 * 127.0.0.1 port 0. Answers `start` with its GraphQL URL.
 */
import type { RequestScope } from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { serveParent } from './child-messages.js';

/** Which gateway a child runs. */
export type GatewayKind = 'ours' | 'apollo';

/** What `start` carries. */
export interface GatewayStart {
  readonly kind: GatewayKind;
  readonly supergraphSdl: string;
}

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

let close: (() => Promise<void>) | undefined;

// Each gateway is imported only by the process that runs it: the other's modules would cost
// memory (and show in a CPU profile) for nothing.

async function startOurs(supergraphSdl: string): Promise<{ url: string; close(): Promise<void> }> {
  const { startGateway } = await import('../../gateway/src/start-gateway.js');
  const { gatewayConfig } = await import('../../gateway/src/config/gateway-config.js');
  const gateway = await startGateway(
    gatewayConfig({ core: { nodeEnv: 'production', port: 0, host: '127.0.0.1' } }),
    { supergraphSdl, supergraphSource: 'bench supergraph', log: silentLogger() },
  );
  return {
    url: gateway.url.replace('localhost', '127.0.0.1'),
    close: async () => {
      await gateway.close();
    },
  };
}

async function startApollo(supergraphSdl: string): Promise<{ url: string; close(): Promise<void> }> {
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startGraphQLHttpServer } = await import('../../platform/http/graphql-http-server.js');
  const apollo = new ApolloServer<RequestScope>({
    gateway: new ApolloGateway({ supergraphSdl, logger: quietLogger }),
    includeStacktraceInErrorResponses: false,
    logger: quietLogger,
  });
  const server = await startGraphQLHttpServer({
    service: 'apollo-gateway',
    port: 0,
    host: '127.0.0.1',
    log: silentLogger(),
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

serveParent({
  async start(payload) {
    const { kind, supergraphSdl } = payload as GatewayStart;
    const started = kind === 'ours' ? await startOurs(supergraphSdl) : await startApollo(supergraphSdl);
    close = started.close;
    return started.url;
  },
  async stop() {
    await close?.();
  },
});
