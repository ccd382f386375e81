import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, parse } from 'graphql';
import type { GatewayConfigOverrides } from '../../gateway/src/config/gateway-config.js';
import { composeSupergraph, type SubgraphSource } from '../../gateway/src/supergraph/compose.js';
import {
  type RequestScope,
  type RunningServer,
  startGraphQLHttpServer,
} from '../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../platform/logger.js';
import { createSubgraphApollo } from '../../subgraphs/shared/graphql/create-subgraph-apollo.js';
import type { MonolithResolvers } from './ground-truth.js';
import { testVerifier } from './signing.js';

/** One tiny subgraph of a fixture federation: Federation 2 SDL (with `@link`) and its resolvers. */
export interface FixtureSubgraph {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<RequestScope>;
}

/** Where a running subgraph answers, and the SDL it serves. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
  sdl: string;
}

/** A started federation: its subgraphs on loopback and the supergraph composed with their real URLs. */
export interface RunningFederation {
  supergraphSdl: string;
  subgraphs: readonly SubgraphEndpoint[];
  /** HTTP requests each subgraph has received on its GraphQL path since start. */
  requestCounts(): Record<string, number>;
  close(): Promise<void>;
}

/** How a test federation is started. */
export interface FederationOptions {
  /** Its subgraphs serve only requests signed with this secret; unset, they serve anything. */
  signingSecret?: string;
}

/** A federation the differential suite can start; every start gets fresh, isolated data. */
export interface Federation {
  name: string;
  start(options?: FederationOptions): Promise<RunningFederation>;
  /**
   * Resolvers of a monolithic schema over the same data (fresh on each call): with the
   * supergraph's API schema they give the ground truth every answer is checked against.
   */
  groundTruth?(): MonolithResolvers;
  /** Set when @apollo/gateway refuses the supergraph (why, in one line): there is no oracle to compare with. */
  apolloRefuses?: string;
  /** Settings the candidate gateway runs with for this federation, over the defaults. */
  candidateConfig?: GatewayConfigOverrides;
}

/**
 * Writes a supergraph SDL for subgraphs running at `urls` (subgraph name -> URL): for supergraphs
 * composition does not produce, such as Federation 1's.
 */
export type SupergraphWriter = (urls: Readonly<Record<string, string>>) => string;

/**
 * A federation of in-test subgraphs; `build` must return fresh subgraphs (and fresh data) on each
 * call. The supergraph is composed from their SDLs unless `supergraph` writes it.
 */
export function fixtureFederation(
  name: string,
  build: () => FixtureSubgraph[],
  supergraph?: SupergraphWriter,
): Federation {
  return { name, start: (options) => startFixtureSubgraphs(name, build(), supergraph, options) };
}

/** The federation with a ground truth: `resolvers` build a monolithic schema over its data. */
export function withGroundTruth(federation: Federation, resolvers: () => MonolithResolvers): Federation {
  return { ...federation, groundTruth: resolvers };
}

/** The federation, marked as one whose supergraph @apollo/gateway refuses to load. */
export function refusedByApollo(federation: Federation, reason: string): Federation {
  return { ...federation, apolloRefuses: reason };
}

/**
 * Serves each subgraph with the platform's HTTP server on 127.0.0.1 port 0 (verifying request
 * signatures with `options.signingSecret` when given), then composes them.
 */
export async function startFixtureSubgraphs(
  federation: string,
  subgraphs: readonly FixtureSubgraph[],
  supergraph?: SupergraphWriter,
  options: FederationOptions = {},
): Promise<RunningFederation> {
  const log = silentLogger();
  const verifier = options.signingSecret ? testVerifier(options.signingSecret) : undefined;
  const started: { name: string; sdl: string; server: RunningServer }[] = [];
  try {
    for (const subgraph of subgraphs) {
      const schema = buildSubgraphSchema([
        { typeDefs: parseSdl(federation, subgraph), resolvers: subgraph.resolvers },
      ]);
      const apollo = createSubgraphApollo<RequestScope>({ schema, log, production: true });
      const server = await startGraphQLHttpServer({
        service: subgraph.name,
        port: 0,
        host: '127.0.0.1',
        log,
        apollo,
        context: (scope) => scope,
        ...(verifier && { verifier }),
      });
      started.push({ name: subgraph.name, sdl: subgraph.sdl, server });
    }
    return runningFederation(federation, started, supergraph);
  } catch (error) {
    await Promise.all(started.map(({ server }) => server.close()));
    throw error;
  }
}

/**
 * Wraps running subgraph servers into a RunningFederation: composes their SDLs with their loopback
 * URLs, or has `supergraph` write it (throwing on a composition error; closing the servers stays
 * the caller's job until this returns), and counts the GraphQL requests each receives.
 */
export function runningFederation(
  federation: string,
  subgraphs: readonly { name: string; sdl: string; server: RunningServer }[],
  supergraph?: SupergraphWriter,
): RunningFederation {
  const counts: Record<string, number> = {};
  const sources: SubgraphSource[] = subgraphs.map(({ name, sdl, server }) => {
    counts[name] = 0;
    server.server.on('request', (req) => {
      if (req.url?.startsWith('/graphql')) counts[name] = (counts[name] ?? 0) + 1;
    });
    // The platform server reports `localhost`; the loopback address avoids any IPv6 resolution detour.
    return { name, sdl, url: `http://127.0.0.1:${server.port}/graphql` };
  });
  const urls = Object.fromEntries(sources.map(({ name, url }) => [name, url]));
  return {
    supergraphSdl: supergraph ? supergraph(urls) : composeOrThrow(federation, sources),
    subgraphs: sources.map(({ name, url, sdl }) => ({ name, url, sdl })),
    requestCounts: () => ({ ...counts }),
    close: async () => {
      await Promise.all(subgraphs.map(({ server }) => server.close()));
    },
  };
}

/** Composes a supergraph, or throws an error listing every composition problem of the federation. */
export function composeOrThrow(federation: string, sources: readonly SubgraphSource[]): string {
  const outcome = composeSupergraph(sources);
  if (outcome.ok) return outcome.supergraphSdl;
  const problems = outcome.problems.map((problem) => `  - [${problem.code}] ${problem.message}`);
  throw new Error(`Federation "${federation}" does not compose:\n${problems.join('\n')}`);
}

function parseSdl(federation: string, subgraph: FixtureSubgraph) {
  try {
    return parse(subgraph.sdl);
  } catch (error) {
    throw new Error(`Fixture ${federation}/${subgraph.name} has invalid SDL: ${(error as Error).message}`);
  }
}

/** The `extend schema @link(...)` line of a Federation 2 subgraph importing `directives`. */
export function federationLink(directives: readonly string[], version = '2.5'): string {
  const imports = directives.map((directive) => JSON.stringify(directive)).join(', ');
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v${version}", import: [${imports}])`;
}

/** The error a fixture resolver throws on purpose: a fixed message and `extensions.code`. */
export function fixtureError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
