/**
 * Variables for a gateway process started as production starts it: NODE_ENV unset (so nothing
 * test-only, such as Apollo Server leaving signals alone under NODE_ENV=test, hides what an
 * operator would see), any free port on 127.0.0.1, info logs, and the repository's supergraph with
 * every subgraph at `subgraphUrl`. Settings this process may have (a supergraph, Redis, a signing
 * secret) are unset; `env` comes on top.
 */
export function productionLikeGatewayEnv(
  subgraphUrl: string,
  env: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    NODE_ENV: undefined,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    SUPERGRAPH_PATH: undefined,
    SUBGRAPH_URLS: undefined,
    REDIS_URL: undefined,
    SUBGRAPH_SIGNING_SECRET: undefined,
    SUBGRAPH_URL_PRODUCT: subgraphUrl,
    SUBGRAPH_URL_INVENTORY: subgraphUrl,
    SUBGRAPH_URL_PRICING: subgraphUrl,
    ...env,
  };
}
