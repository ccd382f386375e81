import { type GatewayConfigOverrides, gatewayConfig } from '../../gateway/src/config/gateway-config.js';
import { startGateway } from '../../gateway/src/start-gateway.js';
import { createUpstream } from '../../gateway/src/upstream/create-upstream.js';
import { silentLogger } from '../../platform/logger.js';
import { type RunningGatewayEndpoint, startApolloGateway } from './apollo-gateway.js';
import type { SubgraphEndpoint } from './federation-fixture.js';
import { CheckedSubgraphClient } from './subgraph-operation-check.js';

/** The gateway the differential suite holds against the oracle. */
export interface CandidateGateway {
  /** Shown in test names, so a report says what was compared. */
  label: string;
  /** True when the candidate is @apollo/gateway itself (proving the harness, not our gateway). */
  isOracle: boolean;
  /** Starts it for a supergraph, signing subgraph requests with `signingSecret` when given. */
  start: GatewayStarter;
}

/** Starts a gateway in front of running subgraphs; `config` applies to our gateway only. */
export type GatewayStarter = (
  supergraphSdl: string,
  subgraphs: readonly SubgraphEndpoint[],
  config?: GatewayConfigOverrides,
  signingSecret?: string,
) => Promise<RunningGatewayEndpoint>;

/** @apollo/gateway as a GatewayStarter: it calls the supergraph's URLs, signing when asked. */
export const startApolloGatewayFor: GatewayStarter = (supergraphSdl, _subgraphs, _config, signingSecret) =>
  startApolloGateway(supergraphSdl, signingSecret);

/**
 * Our gateway, as the differential suite starts it: the supergraph's own subgraph URLs, port 0,
 * its usual upstream client (signing with `signingSecret` when given), and every subgraph
 * operation it sends checked against the subgraph's own SDL (`invalidOperations`).
 */
async function startHexagraph(
  supergraphSdl: string,
  subgraphs: readonly SubgraphEndpoint[],
  overrides: GatewayConfigOverrides = {},
  signingSecret?: string,
): Promise<RunningGatewayEndpoint> {
  const config = gatewayConfig({
    ...overrides,
    core: { ...overrides.core, port: 0, host: '127.0.0.1' },
    ...(signingSecret && { upstream: { ...overrides.upstream, signingSecret } }),
  });
  const log = silentLogger();
  const upstream = createUpstream({
    subgraphs: subgraphs.map(({ name, url }) => ({ name, url })),
    settings: config.upstream,
    log,
  });
  const client = new CheckedSubgraphClient(upstream.client, subgraphs);
  try {
    const gateway = await startGateway(config, { supergraphSdl, log, client });
    return {
      url: `http://127.0.0.1:${gateway.port}/graphql`,
      close: async () => {
        await gateway.close();
        await upstream.close();
      },
      invalidOperations: () => client.invalidOperations(),
    };
  } catch (error) {
    await upstream.close();
    throw error;
  }
}

/**
 * Our gateway (`startGateway` from gateway/src/start-gateway.ts), or @apollo/gateway on both sides when
 * `DIFFERENTIAL_CANDIDATE=apollo`, which proves the harness itself.
 */
export function candidateGateway(): CandidateGateway {
  const wanted = process.env.DIFFERENTIAL_CANDIDATE ?? 'hexagraph';
  if (wanted === 'hexagraph') return { label: 'hexagraph', isOracle: false, start: startHexagraph };
  if (wanted === 'apollo') return { label: 'apollo-gateway', isOracle: true, start: startApolloGatewayFor };
  throw new Error(`DIFFERENTIAL_CANDIDATE must be hexagraph or apollo, got ${JSON.stringify(wanted)}`);
}
