// @apollo/gateway inside Apollo Server 5's standalone HTTP server, as the benchmark runs it:
// SUPERGRAPH_PATH, PORT and HOST from the environment; prints nothing but start-up failures.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH ?? 'supergraph.graphql', 'utf8');
const server = new ApolloServer({
  gateway: new ApolloGateway({ supergraphSdl, logger: quiet }),
  includeStacktraceInErrorResponses: false,
  logger: quiet,
});
await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 4000), host: process.env.HOST ?? '127.0.0.1' },
});
const stop = () => server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
