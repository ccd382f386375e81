import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withSubgraphUrls } from '../../../../scripts/bench/compare-gateways.js';
import { composeGatewaysBenchmark } from '../../../../scripts/bench/gateways-benchmark/compose-supergraph.js';
import { WORKLOAD_DIR } from '../../../../scripts/bench/gateways-benchmark/subgraphs.js';

describe('the gateways-benchmark workload fixtures', () => {
  it('keep the supergraph the project composes from the subgraph SDLs', () => {
    // Regenerate with: npx tsx scripts/bench/gateways-benchmark/compose-supergraph.ts
    expect(readFileSync(join(WORKLOAD_DIR, 'supergraph.graphql'), 'utf8')).toBe(composeGatewaysBenchmark());
  });

  it('route every subgraph of the supergraph, so the bench can point each at its replay proxy', () => {
    const sdl = readFileSync(join(WORKLOAD_DIR, 'supergraph.graphql'), 'utf8');
    const pointed = withSubgraphUrls(sdl, {
      accounts: 'http://127.0.0.1:1/graphql',
      inventory: 'http://127.0.0.1:2/graphql',
      products: 'http://127.0.0.1:3/graphql',
      reviews: 'http://127.0.0.1:4/graphql',
    });
    expect(pointed.match(/url: "http:\/\/127\.0\.0\.1:\d\/graphql"/g)).toHaveLength(4);
    expect(() => withSubgraphUrls(sdl, {})).toThrow('The benchmark runs no subgraph named "accounts".');
  });
});
