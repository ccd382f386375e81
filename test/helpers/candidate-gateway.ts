import { gatewayConfig } from '../../gateway/src/config/gateway-config.js';
import { startGateway } from '../../gateway/src/start-gateway.js';
import { silentLogger } from '../../platform/logger.js';
import { type RunningGatewayEndpoint, startApolloGateway } from './apollo-gateway.js';

/** The gateway the differential suite holds against the oracle. */
export interface CandidateGateway {
  /** Shown in test names, so a report says what was compared. */
  label: string;
  /** True when the candidate is @apollo/gateway itself (proving the harness, not our gateway). */
  isOracle: boolean;
  /** Starts it for a supergraph, signing subgraph requests with `signingSecret` when given. */
  start(supergraphSdl: string, signingSecret?: string): Promise<RunningGatewayEndpoint>;
}

/** Our gateway, as the differential suite starts it: the supergraph's own subgraph URLs, port 0. */
async function startHexagraph(
  supergraphSdl: string,
  signingSecret?: string,
): Promise<RunningGatewayEndpoint> {
  const config = gatewayConfig({
    core: { port: 0, host: '127.0.0.1' },
    ...(signingSecret && { upstream: { signingSecret } }),
  });
  const gateway = await startGateway(config, { supergraphSdl, log: silentLogger() });
  return {
    url: `http://127.0.0.1:${gateway.port}/graphql`,
    close: async () => {
      await gateway.close();
    },
  };
}

/**
 * Our gateway (`startGateway` from gateway/src/start-gateway.ts), or @apollo/gateway on both sides when
 * `DIFFERENTIAL_CANDIDATE=apollo`, which proves the harness itself.
 */
export function candidateGateway(): CandidateGateway {
  const wanted = process.env.DIFFERENTIAL_CANDIDATE ?? 'hexagraph';
  if (wanted === 'hexagraph') return { label: 'hexagraph', isOracle: false, start: startHexagraph };
  if (wanted === 'apollo') return { label: 'apollo-gateway', isOracle: true, start: startApolloGateway };
  throw new Error(`DIFFERENTIAL_CANDIDATE must be hexagraph or apollo, got ${JSON.stringify(wanted)}`);
}
